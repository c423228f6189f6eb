package protocol

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

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The fast paths answer PlanResourceChange, ReadResource and
// UpgradeResourceState for a resource that did not change, without the
// framework's decoding and schema walks, and only where the answer is
// provably the one the framework would give: everything else goes to the
// framework unchanged. In a no-op plan of 500 APIs those calls were 76% of
// the provider's CPU (PlanResourceChange 42%, ReadResource 27%,
// UpgradeResourceState 7%), most of it fromproto6.DynamicValue,
// NullifyCollectionBlocks and Schema.GetAttributes copying maps.
// fastpath_plan.go, fastpath_read.go and fastpath_upgrade.go say what each
// proves. The provider's TestFastPathsAnswerAsTheFramework holds them to it
// on a generated corpus, and TestFastPathsProvenVersions fails when the
// framework or terraform-plugin-go moves off the versions the proofs read.
//
// Nothing here knows a resource by name. What only a resource can tell, it
// tells through these interfaces, implemented beside the code they must
// agree with:
//
//   - the provider tells what its Configure handed to resources
//     (Configured);
//   - the fast plan calls the resource's own ModifyPlan, so that whatever it
//     says or changes, the fast plan says or declines;
//   - the fast read asks the resource for the reads its Read makes
//     (ReadFetcher), made by the same function its Read calls.

// Configured is a provider that tells what its Configure handed to
// resources (nil before Configure), and whose Configure never defers.
type Configured interface {
	ResourceData() any
}

// ReadFetcher is a resource whose refresh the fast read may answer.
type ReadFetcher interface {
	resource.Resource
	// FetchReads makes, through ctx, the reads the resource's Read makes for
	// state, in the same order, by calling what Read calls, and stops where
	// Read would. It reports false when Read would make none (a credential
	// missing or unknown), having made none either.
	FetchReads(ctx context.Context, state tfsdk.State) bool
}

// ProvenFramework and ProvenPluginGo are the versions whose code the fast
// paths' proofs read (fwserver.PlanResourceChange, ReadResource,
// UpgradeResourceState, privatestate, and terraform-plugin-go's value
// encoding). Another version may answer differently: read it again, run
// the equivalence test, then change these.
const (
	ProvenFramework = "v1.19.0"
	ProvenPluginGo  = "v0.31.0"
)

// fastPaths holds what the fast paths need, shared by all calls.
type fastPaths struct {
	provider   provider.Provider
	configured Configured // nil: the fast paths do not know the provider
	mode       fastMode

	once  sync.Once
	types map[string]*fastType
	// configureOK is set once ConfigureProvider answered with no error and
	// no deferral: the only case where the fast paths know what the
	// framework hands to resources.
	configureOK atomic.Bool
	stats       Stats

	stampOnce sync.Once
	stamp     string // see readStamp
}

// newFastPaths handles the resources of p when p tells its resource data,
// and has no provider meta schema, whose values the framework would hand to
// resources.
func newFastPaths(p provider.Provider, mode fastMode) *fastPaths {
	f := &fastPaths{provider: p, mode: mode}
	if c, ok := p.(Configured); ok {
		f.configured = c
	}
	if _, meta := p.(provider.ProviderWithMetaSchema); meta {
		f.configured = nil
	}
	return f
}

// taking reports whether fast answers may be given.
func (f *fastPaths) taking() bool { return f.mode == fastOn && f.configured != nil }

// recording reports whether refreshes leave a read record.
func (f *fastPaths) recording() bool { return f.mode != fastOff && f.configured != nil }

// typeOf is what the fast paths know of the resource type name, nil for a
// type they do not handle.
func (f *fastPaths) typeOf(ctx context.Context, name string) *fastType {
	if f.configured == nil {
		return nil
	}
	f.once.Do(func() { f.types = readTypes(ctx, f.provider) })
	return f.types[name]
}

func readTypes(ctx context.Context, p provider.Provider) map[string]*fastType {
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	out := map[string]*fastType{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var mr resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &mr)
		out[mr.TypeName] = newFastType(ctx, mr.TypeName, newResource)
	}
	return out
}

// resource is a new instance of ft's resource, configured as the framework
// configures the one it calls; nil when it cannot be.
func (f *fastPaths) resource(ctx context.Context, ft *fastType) resource.Resource {
	if !f.configureOK.Load() {
		return nil
	}
	data := f.configured.ResourceData()
	if data == nil {
		return nil
	}
	r := ft.newResource()
	if rc, ok := r.(resource.ResourceWithConfigure); ok {
		var resp resource.ConfigureResponse
		rc.Configure(ctx, resource.ConfigureRequest{ProviderData: data}, &resp)
		if resp.Diagnostics.HasError() {
			return nil
		}
	}
	return r
}

// configureProvider notes whether the framework's configuration is one the
// fast paths know: configured with no error. A provider-level deferral does
// not show in the answer; a Configured provider promises never to defer.
func (f *fastPaths) configureProvider(resp *tfprotov6.ConfigureProviderResponse) {
	ok := resp != nil
	if resp != nil {
		for _, d := range resp.Diagnostics {
			ok = ok && d.Severity != tfprotov6.DiagnosticSeverityError
		}
	}
	f.configureOK.Store(ok)
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

// attrOf is attribute name of object v; null when v is null.
func attrOf(v tftypes.Value, name string) tftypes.Value {
	var attrs map[string]tftypes.Value
	if v.IsNull() || v.As(&attrs) != nil {
		return tftypes.NewValue(tftypes.DynamicPseudoType, nil)
	}
	return attrs[name]
}

// protoDiagnostics is what the framework sends for diags
// (toproto6.Diagnostics); ok is false for a path it could not convert,
// which the framework would report as an error of its own.
func protoDiagnostics(ctx context.Context, diags diag.Diagnostics) ([]*tfprotov6.Diagnostic, bool) {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail(), Severity: tfprotov6.DiagnosticSeverityInvalid}
		switch d.Severity() {
		case diag.SeverityError:
			pd.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			p, ok := attributePath(ctx, dp.Path())
			if !ok {
				return nil, false
			}
			pd.Attribute = p
		}
		out = append(out, pd)
	}
	return out, true
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
