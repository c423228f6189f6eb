package provider

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math/big"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The fast paths answer PlanResourceChange and ReadResource for a resource
// that did not change, without the framework's decoding and schema walks,
// and only where the answer is provably the one the framework would give:
// everything else goes to the framework unchanged. In a no-op plan of 500
// APIs those two calls were 69% of the provider's CPU (PlanResourceChange
// 42%, ReadResource 27%), most of it fromproto6.DynamicValue,
// NullifyCollectionBlocks and Schema.GetAttributes copying maps; with the
// fast paths they are 16% of a CPU time four times smaller.
// fastpath_plan.go, fastpath_read.go and fastpath_upgrade.go say what each
// proves; TestFastPathsAnswerAsTheFramework holds them to it.

// fastPaths holds what both paths need, shared by all calls.
type fastPaths struct {
	provider *platformProvider
	// off takes no fast path, and still writes the read records: the
	// equivalence test's reference server.
	off bool

	once  sync.Once
	types map[string]*fastType
	// configured is set once ConfigureProvider answered with no error, the
	// only case the fast paths know what the framework hands to resources.
	configured atomic.Bool
	stats      fastStats
}

// fastStats counts what the fast paths took and declined.
type fastStats struct {
	planTaken, planDeclined, readTaken, readDeclined, upgradeTaken, upgradeDeclined atomic.Int64
}

// newFastPaths handles the resources of p when it is this provider, and
// has no provider meta schema, whose values the framework would hand to
// resources.
func newFastPaths(p provider.Provider, off bool) *fastPaths {
	pp, _ := p.(*platformProvider)
	if _, meta := p.(provider.ProviderWithMetaSchema); meta {
		pp = nil
	}
	return &fastPaths{provider: pp, off: off}
}

// typeOf is what the fast paths know of the resource type name, nil for a
// type they do not handle.
func (f *fastPaths) typeOf(ctx context.Context, name string) *fastType {
	if f.provider == nil {
		return nil
	}
	f.once.Do(func() { f.types = readTypes(ctx, f.provider) })
	return f.types[name]
}

func readTypes(ctx context.Context, p *platformProvider) map[string]*fastType {
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	out := map[string]*fastType{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var mr resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &mr)
		ft := newFastType(ctx, mr.TypeName, r)
		if _, modifies := r.(resource.ResourceWithModifyPlan); modifies && planChecks[mr.TypeName] == nil {
			ft.planOK, ft.planWhy = false, "its ModifyPlan has no plan check"
		}
		out[mr.TypeName] = ft
	}
	return out
}

// data is the provider's configuration, as the framework hands it to
// resources, or nil when the fast paths cannot rely on it.
func (f *fastPaths) data() *providerData {
	if f.provider == nil || !f.configured.Load() {
		return nil
	}
	return f.provider.configured.Load()
}

// configureProvider notes whether the framework's configuration is one the
// fast paths know: configured with no error (Configure never defers).
func (f *fastPaths) configureProvider(resp *tfprotov6.ConfigureProviderResponse) {
	ok := resp != nil
	for _, d := range resp.Diagnostics {
		ok = ok && d.Severity != tfprotov6.DiagnosticSeverityError
	}
	f.configured.Store(ok)
}

// decodeValue decodes a value of type typ; a nil value is not one.
func decodeValue(dv *tfprotov6.DynamicValue, typ tftypes.Type) (tftypes.Value, bool) {
	if dv == nil {
		return tftypes.Value{}, false
	}
	v, err := dv.Unmarshal(typ)
	return v, err == nil
}

func encodeValue(typ tftypes.Type, v tftypes.Value) (*tfprotov6.DynamicValue, bool) {
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	return &dv, err == nil
}

// identityOf decodes a request's identity, the null identity when it has
// none, as the framework does.
func (ft *fastType) identityOf(in *tfprotov6.ResourceIdentityData) (tftypes.Value, bool) {
	if ft.identity == nil {
		return tftypes.Value{}, in == nil || in.IdentityData == nil
	}
	if in == nil || in.IdentityData == nil {
		return tftypes.NewValue(*ft.identity, nil), true
	}
	return decodeValue(in.IdentityData, *ft.identity)
}

// stringAttr is a known, non-null string attribute of object v.
func stringAttr(v tftypes.Value, name string) (string, bool) {
	var attrs map[string]tftypes.Value
	if v.IsNull() || v.As(&attrs) != nil {
		return "", false
	}
	a, ok := attrs[name]
	if !ok || a.IsNull() || !a.IsKnown() || !a.Type().Is(tftypes.String) {
		return "", false
	}
	var s string
	return s, a.As(&s) == nil
}

// digest sums a value whatever order its maps are in: the framework's
// encoder writes map entries in Go's map order, so the same value can be
// encoded differently twice.
func digest(kind string, v tftypes.Value) string {
	h := sha256.New()
	part(h, []byte(kind))
	writeValue(h, v)
	return hex.EncodeToString(h.Sum(nil))
}

func part(h hash.Hash, b []byte) {
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(b))))
	h.Write(b)
}

func writeValue(h hash.Hash, v tftypes.Value) {
	switch {
	case v.Type() == nil:
		part(h, []byte("none"))
		return
	case !v.IsKnown():
		part(h, []byte("unknown"))
		return
	case v.IsNull():
		part(h, []byte("null"))
		return
	}
	switch t := v.Type().(type) {
	case tftypes.List, tftypes.Set, tftypes.Tuple:
		var elems []tftypes.Value
		_ = v.As(&elems)
		part(h, []byte{'['})
		for _, e := range elems {
			writeValue(h, e)
		}
		part(h, []byte{']'})
	case tftypes.Map, tftypes.Object:
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		part(h, []byte{'{'})
		for _, k := range keys {
			part(h, []byte(k))
			writeValue(h, attrs[k])
		}
		part(h, []byte{'}'})
	default:
		part(h, []byte(t.String()))
		part(h, []byte(primitiveText(v)))
	}
}

func primitiveText(v tftypes.Value) string {
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		if b {
			return "true"
		}
		return "false"
	case v.Type().Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		return f.Text('p', 0)
	}
	return v.String()
}
