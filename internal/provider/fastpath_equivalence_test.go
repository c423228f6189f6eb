package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
)

// The fast paths' proof: a generated corpus of protocol requests (every
// resource, every manager variant, changed and unchanged, with unknowns,
// warnings, missing and unknown credentials, edited state, private state
// edited or absent, identity present, absent or other) goes through a
// server with the fast paths and one without, each against its own mock
// seeded the same way with the same clock. Every answer must be the same
// (values compared decoded, since the framework writes map entries in Go's
// map order, and everything else byte for byte), and so must the requests
// each mock received. Data source reads go through both too, untouched.

// unknown stands for an unknown value in a configuration.
type unknownValue struct{}

var unknown = unknownValue{}

// tfValue builds a value of type t from Go literals: nil is null, unknown
// is unknown, maps are objects or maps, slices are lists or sets.
func tfValue(t tftypes.Type, v any) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(t, nil)
	}
	if v == unknown {
		return tftypes.NewValue(t, tftypes.UnknownValue)
	}
	switch tt := t.(type) {
	case tftypes.Object:
		m := v.(map[string]any)
		vals := map[string]tftypes.Value{}
		for name, at := range tt.AttributeTypes {
			vals[name] = tfValue(at, m[name])
		}
		for name := range m {
			if _, ok := tt.AttributeTypes[name]; !ok {
				panic("no attribute " + name)
			}
		}
		return tftypes.NewValue(t, vals)
	case tftypes.List:
		return tftypes.NewValue(t, elements(tt.ElementType, v.([]any)))
	case tftypes.Set:
		return tftypes.NewValue(t, elements(tt.ElementType, v.([]any)))
	case tftypes.Map:
		vals := map[string]tftypes.Value{}
		for k, e := range keyed(v) {
			vals[k] = tfValue(tt.ElementType, e)
		}
		return tftypes.NewValue(t, vals)
	}
	if n, ok := v.(int); ok {
		return tftypes.NewValue(t, big.NewFloat(float64(n)))
	}
	return tftypes.NewValue(t, v)
}

// keyed is a map's elements: a map as it is, or a list of objects keyed by
// their name, which they then lose (operations are written as a list here,
// whichever shape the schema gives them).
func keyed(v any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		return m
	}
	out := map[string]any{}
	for _, e := range v.([]any) {
		obj := map[string]any{}
		for k, x := range e.(map[string]any) {
			obj[k] = x
		}
		name, _ := obj["name"].(string)
		delete(obj, "name")
		out[name] = obj
	}
	return out
}

func elements(t tftypes.Type, vs []any) []tftypes.Value {
	out := make([]tftypes.Value, 0, len(vs))
	for _, v := range vs {
		out = append(out, tfValue(t, v))
	}
	return out
}

// proposedNew is Terraform's proposed new state: the configuration, with
// the prior value of every computed attribute the configuration leaves
// null, nested values paired by position.
func proposedNew(b *tfprotov6.SchemaBlock, prior, config tftypes.Value) tftypes.Value {
	if config.IsNull() || prior.IsNull() || !config.IsKnown() {
		return config
	}
	var pv, cv map[string]tftypes.Value
	_ = prior.As(&pv)
	_ = config.As(&cv)
	out := map[string]tftypes.Value{}
	for _, a := range b.Attributes {
		out[a.Name] = proposedAttr(a, pv[a.Name], cv[a.Name])
	}
	for _, bt := range b.BlockTypes {
		p, c := pv[bt.TypeName], cv[bt.TypeName]
		switch bt.Nesting {
		case tfprotov6.SchemaNestedBlockNestingModeList:
			out[bt.TypeName] = pairList(p, c, func(p, c tftypes.Value) tftypes.Value { return proposedNew(bt.Block, p, c) })
		default:
			out[bt.TypeName] = proposedNew(bt.Block, p, c)
		}
	}
	return tftypes.NewValue(config.Type(), out)
}

func proposedAttr(a *tfprotov6.SchemaAttribute, prior, config tftypes.Value) tftypes.Value {
	if a.Computed && config.IsNull() {
		return prior
	}
	if a.NestedType == nil || config.IsNull() || !config.IsKnown() || prior.IsNull() {
		return config
	}
	obj := &tfprotov6.SchemaBlock{Attributes: a.NestedType.Attributes}
	switch a.NestedType.Nesting {
	case tfprotov6.SchemaObjectNestingModeSingle:
		return proposedNew(obj, prior, config)
	case tfprotov6.SchemaObjectNestingModeList:
		return pairList(prior, config, func(p, c tftypes.Value) tftypes.Value { return proposedNew(obj, p, c) })
	case tfprotov6.SchemaObjectNestingModeMap:
		return pairMap(prior, config, func(p, c tftypes.Value) tftypes.Value { return proposedNew(obj, p, c) })
	}
	return config
}

// pairMap pairs a map's elements by key, as Terraform does.
func pairMap(prior, config tftypes.Value, each func(p, c tftypes.Value) tftypes.Value) tftypes.Value {
	var pe, ce map[string]tftypes.Value
	if prior.IsNull() || config.IsNull() || !config.IsKnown() || prior.As(&pe) != nil || config.As(&ce) != nil {
		return config
	}
	out := make(map[string]tftypes.Value, len(ce))
	for k, c := range ce {
		if p, ok := pe[k]; ok {
			out[k] = each(p, c)
		} else {
			out[k] = c
		}
	}
	return tftypes.NewValue(config.Type(), out)
}

func pairList(prior, config tftypes.Value, each func(p, c tftypes.Value) tftypes.Value) tftypes.Value {
	var pe, ce []tftypes.Value
	if prior.IsNull() || config.IsNull() || !config.IsKnown() || prior.As(&pe) != nil || config.As(&ce) != nil || len(pe) != len(ce) {
		return config
	}
	out := make([]tftypes.Value, len(ce))
	for i := range ce {
		out[i] = each(pe[i], ce[i])
	}
	return tftypes.NewValue(config.Type(), out)
}

// attrOf is attribute name of object v.
func attrOf(v tftypes.Value, name string) tftypes.Value {
	var attrs map[string]tftypes.Value
	_ = v.As(&attrs)
	return attrs[name]
}

// withAttr is object v with attribute name set to a.
func withAttr(v tftypes.Value, name string, a tftypes.Value) tftypes.Value {
	var attrs map[string]tftypes.Value
	_ = v.As(&attrs)
	out := map[string]tftypes.Value{}
	for k, x := range attrs {
		out[k] = x
	}
	out[name] = a
	return tftypes.NewValue(v.Type(), out)
}

// twin is the same provider served twice, with and without fast paths,
// each against its own mock.
type twin struct {
	t        *testing.T
	fast     tfprotov6.ProviderServer
	ref      tfprotov6.ProviderServer
	pf, pr   *mockplatform.Running
	schemas  *tfprotov6.GetProviderSchemaResponse
	idents   map[string]*tfprotov6.ResourceIdentitySchema
	calls    int
	mapOrder int // answers equal as values whose bytes differed
	others   []*twin
}

// fixedHost is the Host both mocks see, since the mock names it in
// answers (an API's avatar URL).
const fixedHost = "platform.test"

func startMock(t *testing.T, manager func(*mockplatform.Config)) *mockplatform.Running {
	cfg := mockplatform.Config{
		FedMemberID: testTenant,
		Users:       []mockplatform.User{{Email: testEmail, Password: testPassword}},
		Tokens:      []mockplatform.Token{{Value: testToken, Manage: []string{"*"}}},
		Projects: []mockplatform.Project{{Name: "ecommerce", Environments: []string{"test", "production"}, Proxies: []mockplatform.Proxy{
			{Name: "orders-api", APIType: "REST"},
			{Name: "billing-soap", APIType: "SOAP", LoadBalanceAlgorithm: "WEIGHTED"},
			{Name: "spare-api", APIType: "REST"},
			{Name: "legacy-api", APIType: "REST"},
			{Name: "assistant", APIType: "AI"},
		}}},
	}
	manager(&cfg)
	srv := mockplatform.New(cfg)
	clock := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	srv.SetClock(func() time.Time { return clock })
	return mockplatform.StartHandler(t, srv, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Host = fixedHost
			h.ServeHTTP(w, r)
		})
	})
}

// credentials are the provider block's values; nil leaves one out, and
// unknown makes it unknown.
type credentials map[string]any

func allCredentials() credentials {
	return credentials{"token": testToken, "fed_member_id": testTenant, "email": testEmail, "password": testPassword}
}

func newTwin(t *testing.T, manager func(*mockplatform.Config), creds credentials) *twin {
	tw := &twin{t: t, pf: startMock(t, manager), pr: startMock(t, manager)}
	opts := []Option{WithRetryWait(time.Millisecond, 5*time.Millisecond)}
	tw.fast = protocol.NewServer(New("test", opts...)(), protocol.WithFastPaths(true))()
	tw.ref = protocol.NewServer(New("test", opts...)(), protocol.AsReference())()
	for _, s := range []struct {
		srv tfprotov6.ProviderServer
		p   *mockplatform.Running
	}{{tw.fast, tw.pf}, {tw.ref, tw.pr}} {
		schemas, err := s.srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			t.Fatal(err)
		}
		tw.schemas = schemas
		ids, err := s.srv.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
		if err != nil {
			t.Fatal(err)
		}
		tw.idents = ids.IdentitySchemas
		vals := map[string]any{"endpoint": s.p.URL, "max_retries": 2}
		for k, v := range creds {
			vals[k] = v
		}
		ptyp := schemas.Provider.ValueType()
		cfg, _ := tfprotov6.NewDynamicValue(ptyp, tfValue(ptyp, vals))
		resp, err := s.srv.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{Config: &cfg})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatal(err, resp.Diagnostics)
		}
	}
	return tw
}

func (tw *twin) stats() *protocol.Stats { return protocol.StatsOf(tw.fast) }

func (tw *twin) typ(name string) tftypes.Object {
	return tw.schemas.ResourceSchemas[name].ValueType().(tftypes.Object)
}

func (tw *twin) identityType(name string) tftypes.Type {
	return tw.idents[name].ValueType()
}

func dv(t tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	d, err := tfprotov6.NewDynamicValue(t, v)
	if err != nil {
		panic(err)
	}
	return &d
}

// both sends one request to each server and checks that the answers and
// the requests each mock received are the same; it returns the fast one.
func both[Req, Resp any](tw *twin, label string, req Req, call func(tfprotov6.ProviderServer, context.Context, Req) (Resp, error), same func(a, b Resp) string) Resp {
	tw.t.Helper()
	tw.calls++
	tw.pf.ResetRequests()
	tw.pr.ResetRequests()
	a, errA := call(tw.fast, context.Background(), req)
	b, errB := call(tw.ref, context.Background(), req)
	if (errA == nil) != (errB == nil) {
		tw.t.Fatalf("%s: errors %v and %v", label, errA, errB)
	}
	if d := same(a, b); d != "" {
		tw.t.Fatalf("%s: answers differ: %s", label, d)
	}
	if d := sameRequests(tw.pf.Requests(), tw.pr.Requests()); d != "" {
		tw.t.Fatalf("%s: requests differ: %s", label, d)
	}
	return a
}

func sameRequests(a, b []mockplatform.Request) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d requests with fast paths, %d without: %s / %s", len(a), len(b), requestLine(a), requestLine(b))
	}
	for i := range a {
		if a[i].Method != b[i].Method || a[i].Path != b[i].Path || !bytes.Equal(a[i].Body, b[i].Body) {
			return fmt.Sprintf("request %d: %s %s and %s %s", i, a[i].Method, a[i].Path, b[i].Method, b[i].Path)
		}
	}
	return ""
}

func requestLine(rs []mockplatform.Request) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Method+" "+r.Path)
	}
	return strings.Join(parts, ", ")
}

// sameValue compares two encoded values of type t: the bytes, else the
// decoded values (the encoder writes map entries in map order).
func (tw *twin) sameValue(what string, t tftypes.Type, a, b *tfprotov6.DynamicValue) string {
	if (a == nil) != (b == nil) {
		return what + ": one is missing"
	}
	if a == nil || bytes.Equal(a.MsgPack, b.MsgPack) && bytes.Equal(a.JSON, b.JSON) {
		return ""
	}
	va, errA := a.Unmarshal(t)
	vb, errB := b.Unmarshal(t)
	if errA != nil || errB != nil || !va.Equal(vb) {
		return fmt.Sprintf("%s: %v / %v", what, va, vb)
	}
	tw.mapOrder++
	return ""
}

func (tw *twin) sameIdentity(name string, a, b *tfprotov6.ResourceIdentityData) string {
	if (a == nil) != (b == nil) {
		return "identity: one is missing"
	}
	if a == nil {
		return ""
	}
	return tw.sameValue("identity", tw.identityType(name), a.IdentityData, b.IdentityData)
}

func sameDiagnostics(a, b []*tfprotov6.Diagnostic) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d diagnostics and %d: %v / %v", len(a), len(b), diagLines(a), diagLines(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Severity != y.Severity || x.Summary != y.Summary || x.Detail != y.Detail || x.Attribute.String() != y.Attribute.String() {
			return fmt.Sprintf("diagnostic %d: %v / %v", i, diagLines(a[i:i+1]), diagLines(b[i:i+1]))
		}
	}
	return ""
}

func hasError(ds []*tfprotov6.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagLines(ds []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%v %s: %s (%s)", d.Severity, d.Summary, d.Detail, d.Attribute))
	}
	return out
}

func samePaths(a, b []*tftypes.AttributePath) string {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return fmt.Sprintf("requires replace %v / %v", a, b)
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return fmt.Sprintf("requires replace %v / %v", a, b)
		}
	}
	return ""
}

func first(diffs ...string) string {
	for _, d := range diffs {
		if d != "" {
			return d
		}
	}
	return ""
}

func samePtr[T comparable](what string, a, b *T) string {
	if (a == nil) != (b == nil) || a != nil && *a != *b {
		return what + " differs"
	}
	return ""
}

func (tw *twin) plan(label string, req *tfprotov6.PlanResourceChangeRequest) *tfprotov6.PlanResourceChangeResponse {
	tw.t.Helper()
	typ := tw.typ(req.TypeName)
	return both(tw, label, req, tfprotov6.ProviderServer.PlanResourceChange, func(a, b *tfprotov6.PlanResourceChangeResponse) string {
		return first(tw.sameValue("planned state", typ, a.PlannedState, b.PlannedState), sameDiagnostics(a.Diagnostics, b.Diagnostics),
			samePaths(a.RequiresReplace, b.RequiresReplace), tw.sameIdentity(req.TypeName, a.PlannedIdentity, b.PlannedIdentity),
			bytesDiff("planned private", a.PlannedPrivate, b.PlannedPrivate), samePtr("deferred", a.Deferred, b.Deferred),
			//nolint:staticcheck // the framework still sets it, and the two servers must agree on it
			boolDiff("legacy type system", a.UnsafeToUseLegacyTypeSystem, b.UnsafeToUseLegacyTypeSystem))
	})
}

func (tw *twin) read(label string, req *tfprotov6.ReadResourceRequest) *tfprotov6.ReadResourceResponse {
	tw.t.Helper()
	typ := tw.typ(req.TypeName)
	return both(tw, label, req, tfprotov6.ProviderServer.ReadResource, func(a, b *tfprotov6.ReadResourceResponse) string {
		return first(tw.sameValue("new state", typ, a.NewState, b.NewState), sameDiagnostics(a.Diagnostics, b.Diagnostics),
			tw.sameIdentity(req.TypeName, a.NewIdentity, b.NewIdentity), bytesDiff("private", a.Private, b.Private),
			samePtr("deferred", a.Deferred, b.Deferred))
	})
}

func (tw *twin) apply(label string, req *tfprotov6.ApplyResourceChangeRequest) *tfprotov6.ApplyResourceChangeResponse {
	tw.t.Helper()
	typ := tw.typ(req.TypeName)
	return both(tw, label, req, tfprotov6.ProviderServer.ApplyResourceChange, func(a, b *tfprotov6.ApplyResourceChangeResponse) string {
		return first(tw.sameValue("new state", typ, a.NewState, b.NewState), sameDiagnostics(a.Diagnostics, b.Diagnostics),
			tw.sameIdentity(req.TypeName, a.NewIdentity, b.NewIdentity), bytesDiff("private", a.Private, b.Private))
	})
}

func (tw *twin) upgrade(label string, req *tfprotov6.UpgradeResourceStateRequest) {
	tw.t.Helper()
	typ := tw.typ(req.TypeName)
	both(tw, label, req, tfprotov6.ProviderServer.UpgradeResourceState, func(a, b *tfprotov6.UpgradeResourceStateResponse) string {
		return first(tw.sameValue("upgraded state", typ, a.UpgradedState, b.UpgradedState), sameDiagnostics(a.Diagnostics, b.Diagnostics))
	})
}

func (tw *twin) readData(label string, req *tfprotov6.ReadDataSourceRequest) {
	tw.t.Helper()
	typ := tw.schemas.DataSourceSchemas[req.TypeName].ValueType()
	both(tw, label, req, tfprotov6.ProviderServer.ReadDataSource, func(a, b *tfprotov6.ReadDataSourceResponse) string {
		return first(tw.sameValue("state", typ, a.State, b.State), sameDiagnostics(a.Diagnostics, b.Diagnostics),
			samePtr("deferred", a.Deferred, b.Deferred))
	})
}

func bytesDiff(what string, a, b []byte) string {
	if !bytes.Equal(a, b) {
		return fmt.Sprintf("%s: %q / %q", what, a, b)
	}
	return ""
}

func boolDiff(what string, a, b bool) string {
	if a != b {
		return what + " differs"
	}
	return ""
}

// managed is a resource the corpus created: its configuration, and its
// state, private state and identity after a refresh.
type managed struct {
	name     string
	typeName string
	config   tftypes.Value
	state    tftypes.Value
	private  []byte
	identity *tfprotov6.ResourceIdentityData
	// changes are configurations that change it, each a plan that is not
	// the state's.
	changes []tftypes.Value
	// unknowns are configurations with an unknown value.
	unknowns []tftypes.Value
	// edits are states edited as terraform state commands or an upgrade
	// might leave them.
	edits []tftypes.Value
}

// create plans, applies and refreshes cfg as Terraform does.
func (tw *twin) create(name, typeName string, cfg map[string]any) *managed {
	tw.t.Helper()
	typ := tw.typ(typeName)
	config := tfValue(typ, cfg)
	null := tftypes.NewValue(typ, nil)
	plan := tw.plan(name+" create plan", &tfprotov6.PlanResourceChangeRequest{TypeName: typeName,
		PriorState: dv(typ, null), ProposedNewState: dv(typ, config), Config: dv(typ, config)})
	if hasError(plan.Diagnostics) {
		tw.t.Fatalf("%s: %v", name, diagLines(plan.Diagnostics))
	}
	applied := tw.apply(name+" create", &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName, PriorState: dv(typ, null),
		PlannedState: plan.PlannedState, Config: dv(typ, config), PlannedPrivate: plan.PlannedPrivate, PlannedIdentity: plan.PlannedIdentity})
	if hasError(applied.Diagnostics) {
		tw.t.Fatalf("%s: %v", name, diagLines(applied.Diagnostics))
	}
	read := tw.read(name+" first refresh", &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: applied.NewState,
		Private: applied.Private, CurrentIdentity: applied.NewIdentity})
	// A refresh of the refreshed state is the fixed point the record
	// describes; the apply's state may differ from a read's.
	read = tw.read(name+" second refresh", &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: read.NewState,
		Private: read.Private, CurrentIdentity: read.NewIdentity})
	state, _ := read.NewState.Unmarshal(typ)
	return &managed{name: name, typeName: typeName, config: config, state: state, private: read.Private, identity: read.NewIdentity}
}

// privates are the private states the corpus sends: none, the one the
// refresh returned, with another key, emptied, with a record of other
// code, with the framework's import mark, and undecodable.
func privates(p []byte, full bool) map[string][]byte {
	withKey := func(k, v string) []byte {
		out := map[string][]byte{}
		_ = json.Unmarshal(p, &out)
		out[k] = []byte(v)
		b, _ := json.Marshal(out)
		return b
	}
	if !full {
		return map[string][]byte{"no private": nil, "refreshed private": p, "undecodable": []byte(`{"platform_read":"not base64"}`)}
	}
	return map[string][]byte{
		"no private":         nil,
		"refreshed private":  p,
		"another key":        withKey("other", `{"x":1}`),
		"empty private":      []byte("{}"),
		"other stamp":        withKey(protocol.ReadRecordKey, `{"v":"read/0 test","state":"","answers":"","identity":""}`),
		"import mark":        withKey(".import_before_read", `true`),
		"undecodable":        []byte(`{"platform_read":"not base64"}`),
		"sdk private state":  []byte(`{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":1}}`),
		"record, no padding": withKey(protocol.ReadRecordKey, `{}`),
	}
}

// identities are the identities the corpus sends: none (Terraform 1.11),
// the resource's (OpenTofu 1.12), a null one and another resource's.
func (tw *twin) identities(m *managed, full bool) map[string]*tfprotov6.ResourceIdentityData {
	it := tw.identityType(m.typeName).(tftypes.Object)
	other := map[string]tftypes.Value{}
	for name, at := range it.AttributeTypes {
		other[name] = tftypes.NewValue(at, "someone-else")
	}
	if !full {
		return map[string]*tfprotov6.ResourceIdentityData{"no identity": nil, "its identity": m.identity,
			"another identity": {IdentityData: dv(it, tftypes.NewValue(it, other))}}
	}
	return map[string]*tfprotov6.ResourceIdentityData{
		"no identity":       nil,
		"its identity":      m.identity,
		"null identity":     {IdentityData: dv(it, tftypes.NewValue(it, nil))},
		"another identity":  {IdentityData: dv(it, tftypes.NewValue(it, other))},
		"identity, no data": {},
	}
}

// expectation counts the cases a fast path should take.
type expectation struct {
	mu             sync.Mutex
	plans, planned int
	reads, read    int
}

func (tw *twin) planCases(m *managed, e *expectation, quiet, full bool) {
	typ := tw.typ(m.typeName)
	block := tw.schemas.ResourceSchemas[m.typeName].Block
	for pname, priv := range privates(m.private, full) {
		for iname, id := range tw.identities(m, full) {
			label := fmt.Sprintf("%s plan, %s, %s", m.name, pname, iname)
			unchanged := &tfprotov6.PlanResourceChangeRequest{TypeName: m.typeName, PriorState: dv(typ, m.state),
				ProposedNewState: dv(typ, proposedNew(block, m.state, m.config)), Config: dv(typ, m.config),
				PriorPrivate: priv, PriorIdentity: id}
			before := tw.stats().PlanTaken.Load()
			tw.plan(label+", unchanged", unchanged)
			if quiet && (pname == "no private" || pname == "refreshed private" || pname == "another key" || pname == "empty private" ||
				pname == "other stamp" || pname == "record, no padding") && iname != "identity, no data" {
				e.mu.Lock()
				e.plans++
				if tw.stats().PlanTaken.Load() > before {
					e.planned++
				} else {
					tw.t.Logf("declined: %s, unchanged", label)
				}
				e.mu.Unlock()
			}
			changes := append(append([]tftypes.Value{}, m.changes...), m.unknowns...)
			if !full {
				changes = changes[:1]
			}
			for i, c := range changes {
				tw.plan(fmt.Sprintf("%s, change %d", label, i), &tfprotov6.PlanResourceChangeRequest{TypeName: m.typeName,
					PriorState: dv(typ, m.state), ProposedNewState: dv(typ, proposedNew(block, m.state, c)), Config: dv(typ, c),
					PriorPrivate: priv, PriorIdentity: id})
			}
			for i, edited := range m.edits {
				tw.plan(fmt.Sprintf("%s, edited state %d", label, i), &tfprotov6.PlanResourceChangeRequest{TypeName: m.typeName,
					PriorState: dv(typ, edited), ProposedNewState: dv(typ, proposedNew(block, edited, m.config)), Config: dv(typ, m.config),
					PriorPrivate: priv, PriorIdentity: id})
			}
			if pname != "no private" {
				continue
			}
			null := tftypes.NewValue(typ, nil)
			tw.plan(label+", destroy", &tfprotov6.PlanResourceChangeRequest{TypeName: m.typeName, PriorState: dv(typ, m.state),
				ProposedNewState: dv(typ, null), Config: dv(typ, null), PriorPrivate: priv, PriorIdentity: id})
			tw.plan(label+", create", &tfprotov6.PlanResourceChangeRequest{TypeName: m.typeName, PriorState: dv(typ, null),
				ProposedNewState: dv(typ, m.config), Config: dv(typ, m.config), PriorPrivate: priv})
		}
	}
}

func (tw *twin) readCases(m *managed, e *expectation, quiet, full bool) {
	typ := tw.typ(m.typeName)
	for pname, priv := range privates(m.private, full) {
		for iname, id := range tw.identities(m, full) {
			label := fmt.Sprintf("%s read, %s, %s", m.name, pname, iname)
			before := tw.stats().ReadTaken.Load()
			tw.read(label, &tfprotov6.ReadResourceRequest{TypeName: m.typeName, CurrentState: dv(typ, m.state), Private: priv, CurrentIdentity: id})
			if quiet && (pname == "refreshed private" || pname == "another key") &&
				(iname == "no identity" || iname == "its identity" || iname == "null identity") {
				e.mu.Lock()
				e.reads++
				if tw.stats().ReadTaken.Load() > before {
					e.read++
				} else {
					tw.t.Logf("declined: %s", label)
				}
				e.mu.Unlock()
			}
			for i, edited := range m.edits {
				tw.read(fmt.Sprintf("%s, edited state %d", label, i), &tfprotov6.ReadResourceRequest{TypeName: m.typeName,
					CurrentState: dv(typ, edited), Private: priv, CurrentIdentity: id})
			}
		}
	}
}

// drift changes m on both platforms through an apply of its first change,
// and returns the state that apply left; m's own state is then stale.
func (tw *twin) drift(m *managed) {
	typ := tw.typ(m.typeName)
	block := tw.schemas.ResourceSchemas[m.typeName].Block
	c := m.changes[0]
	plan := tw.plan(m.name+" drift plan", &tfprotov6.PlanResourceChangeRequest{TypeName: m.typeName, PriorState: dv(typ, m.state),
		ProposedNewState: dv(typ, proposedNew(block, m.state, c)), Config: dv(typ, c), PriorPrivate: m.private, PriorIdentity: m.identity})
	tw.apply(m.name+" drift", &tfprotov6.ApplyResourceChangeRequest{TypeName: m.typeName, PriorState: dv(typ, m.state),
		PlannedState: plan.PlannedState, Config: dv(typ, c), PlannedPrivate: plan.PlannedPrivate, PlannedIdentity: plan.PlannedIdentity})
}

// everyOperation is one operation per method, the first with every
// attribute set.
func everyOperation(prefix string) []any {
	ops := []any{map[string]any{"name": prefix + "GET", "method": "GET", "path": "/{id}", "input_content_type": "application/json",
		"output_content_type": "application/json", "fault_content_type": "application/problem+json",
		"inputs": []any{map[string]any{"name": "id", "type": "path"}, map[string]any{"name": "body", "type": "body"}}}}
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"} {
		ops = append(ops, map[string]any{"name": prefix + m, "method": m, "path": "/"})
	}
	return ops
}

// everyTargetAttribute is a target API with every attribute set.
func everyTargetAttribute() map[string]any {
	return map[string]any{"type": "shttp", "default_profile": "XML or JSON in/XML or JSON out",
		"endpoints": []any{map[string]any{"category": "Production", "uri": "http://backend/", "cname": "backend.example.com",
			"deployment_zone_rule": "dzone-rule-3", "connection_properties": map[string]any{"http.chunked.encoding": "false"}},
			map[string]any{"category": "Sandbox", "uri": "http://backend-sandbox/"}},
		"operations": everyOperation("t"),
		"policies":   []any{map[string]any{"key": "urn:uuid:backend", "type": "Operational Policy"}}}
}

// corpus creates the corpus's resources on tw's platforms.
func (tw *twin) corpus() []*managed {
	typ := func(name string) tftypes.Object { return tw.typ(name) }
	str := func(m *managed, name, value string) tftypes.Value {
		return withAttr(m.config, name, tftypes.NewValue(tftypes.String, value))
	}
	edit := func(m *managed, name string, v tftypes.Value) tftypes.Value { return withAttr(m.state, name, v) }
	var out []*managed

	minimal := tw.create("minimal api", "platform_api", map[string]any{"name": "eq-minimal", "version": map[string]any{"name": "1.0"}})
	minimal.changes = []tftypes.Value{str(minimal, "description", "changed"), str(minimal, "visibility", "Public")}
	minimal.unknowns = []tftypes.Value{withAttr(minimal.config, "description", tftypes.NewValue(tftypes.String, tftypes.UnknownValue))}
	minimal.edits = []tftypes.Value{
		edit(minimal, "visibility", tftypes.NewValue(tftypes.String, "Public")), // the default no longer holds
		edit(minimal, "updated", tftypes.NewValue(tftypes.String, "2020-01-01T00:00:00Z")),
		edit(minimal, "description", tftypes.NewValue(tftypes.String, "edited")),
		edit(minimal, "version_id", tftypes.NewValue(tftypes.String, "gone.acmepaymentscorp")),
	}
	out = append(out, minimal)

	full := tw.create("full api", "platform_api", map[string]any{
		"name": "eq-full", "description": "", "visibility": "Public", "picture_id": "1255",
		"version": map[string]any{
			"name": "1.0", "description": "", "default_profile": "XML or JSON in/XML or JSON out", "tags": []any{"b", "a"},
			"visibility": "Public", "type": "shttp",
			"production_endpoint_access_auto_approved": true, "sandbox_endpoint_access_auto_approved": false,
			"endpoints": []any{
				map[string]any{"category": "Production", "uri": "http://eq.broker.example.com:80/p", "cname": "eq.example.com",
					"deployment_zone_rule":  "dzone-rule-1",
					"connection_properties": map[string]any{"http.chunked.encoding": "false", "timeout": "30"}},
				map[string]any{"category": "Sandbox", "uri": "http://eq-sandbox.broker.example.com/p"},
			},
			"operations": map[string]any{
				"Get":  map[string]any{"method": "GET", "path": "/{id}", "inputs": []any{map[string]any{"name": "id", "type": "path"}}},
				"Post": map[string]any{"method": "POST"},
			},
			"policies":   []any{map[string]any{"key": "urn:uuid:6282f78f-8a81-11e1-8112-b4822b49f412", "type": "Operational Policy"}},
			"target_api": everyTargetAttribute(),
		},
	})
	fullVersion := func(name string, v any) tftypes.Value {
		var attrs map[string]tftypes.Value
		_ = full.config.As(&attrs)
		return withAttr(full.config, "version", withAttr(attrs["version"], name, v.(tftypes.Value)))
	}
	vt := typ("platform_api").AttributeTypes["version"].(tftypes.Object)
	full.changes = []tftypes.Value{str(full, "description", "now described"),
		fullVersion("tags", tfValue(vt.AttributeTypes["tags"], []any{"a"})),
		fullVersion("name", tftypes.NewValue(tftypes.String, "2.0")),
		fullVersion("operations", tfValue(vt.AttributeTypes["operations"], everyOperation("v"))),
		str(full, "visibility", "Limited"), str(full, "visibility", "com.soa.visibility.registered.users"),
		fullVersion("visibility", tftypes.NewValue(tftypes.String, "Limited")),
		fullVersion("visibility", tftypes.NewValue(tftypes.String, "com.soa.visibility.registered.users"))}
	full.unknowns = []tftypes.Value{fullVersion("tags", tftypes.NewValue(vt.AttributeTypes["tags"], tftypes.UnknownValue)),
		fullVersion("endpoints", tftypes.NewValue(vt.AttributeTypes["endpoints"], tftypes.UnknownValue))}
	full.edits = []tftypes.Value{edit(full, "state", tftypes.NewValue(tftypes.String, "com.soa.api.state.closed")),
		edit(full, "picture_id", tftypes.NewValue(tftypes.String, "pic"))}
	out = append(out, full)

	// The version's API is another: adding a version changes what the
	// platform answers for its API (its latest version).
	host := tw.create("version host", "platform_api", map[string]any{"name": "eq-host", "visibility": "Limited",
		"version": map[string]any{"name": "1.0", "visibility": "com.soa.visibility.registered.users"}})
	var apiID string
	_ = attrOf(host.state, "id").As(&apiID)
	version := tw.create("version", "platform_api_version", map[string]any{"api_id": apiID, "name": "2.0",
		"description": "", "visibility": "Limited", "type": "shttp", "default_profile": "XML or JSON in/XML or JSON out",
		"production_endpoint_access_auto_approved": false,
		"endpoints": []any{map[string]any{"category": "Production", "uri": "http://v2.example.com/p", "cname": "v2.example.com",
			"deployment_zone_rule": "dzone-rule-2", "connection_properties": map[string]any{"k": "v"}},
			map[string]any{"category": "Sandbox", "uri": "http://v2-sandbox.example.com/p"}},
		"operations": []any{
			map[string]any{"name": "put", "method": "PUT", "path": "/{id}", "input_content_type": "application/json",
				"output_content_type": "application/json", "fault_content_type": "application/problem+json",
				"inputs": []any{map[string]any{"name": "id", "type": "path"}, map[string]any{"name": "body", "type": "body"}}},
			map[string]any{"name": "patch", "method": "PATCH", "path": "/{id}"},
			map[string]any{"name": "delete", "method": "DELETE", "path": "/{id}"},
			map[string]any{"name": "head", "method": "HEAD", "path": "/"},
		},
		"policies":   []any{map[string]any{"key": "urn:uuid:v2", "type": "Operational Policy"}},
		"target_api": everyTargetAttribute(),
		"tags":       []any{"v2"}})
	version.changes = []tftypes.Value{str(version, "description", "v2"), str(version, "api_id", "api1.acmepaymentscorp"),
		withAttr(version.config, "sandbox_endpoint_access_auto_approved", tftypes.NewValue(tftypes.Bool, true)),
		str(version, "visibility", "Public"), str(version, "visibility", "com.soa.visibility.registered.users"),
		withAttr(version.config, "operations", tfValue(typ("platform_api_version").AttributeTypes["operations"], everyOperation("c")))}
	version.unknowns = []tftypes.Value{withAttr(version.config, "api_id", tftypes.NewValue(tftypes.String, tftypes.UnknownValue))}
	version.edits = []tftypes.Value{edit(version, "type", tftypes.NewValue(tftypes.String, "other")),
		edit(version, "production_endpoint", tftypes.NewValue(tftypes.String, "http://elsewhere/"))}
	out = append(out, version)

	rt := typ("platform_proxy_routing")
	addrType := rt.AttributeTypes["routing_address"].(tftypes.List).ElementType
	addresses := func(addrs ...map[string]any) tftypes.Value {
		vals := make([]any, len(addrs))
		for i, a := range addrs {
			vals[i] = a
		}
		return tfValue(rt.AttributeTypes["routing_address"], vals)
	}
	_ = addrType
	orders := tw.create("orders routing", "platform_proxy_routing", map[string]any{"project_name": "ecommerce", "api_proxy_name": "orders-api",
		"routing_address": []any{map[string]any{"address": "https://a.internal/v1", "weight": 1}, map[string]any{"address": "https://b.internal/v1"}}})
	orders.changes = []tftypes.Value{
		withAttr(orders.config, "routing_address", addresses(map[string]any{"address": "https://a.internal/v1", "weight": 5})), // warns
		withAttr(orders.config, "routing_address", addresses(map[string]any{"address": "https://c.internal/v1"})),
		str(orders, "project_name", "other"), // requires replace
		withAttr(orders.config, "routing_enabled", tftypes.NewValue(tftypes.Bool, false)),
	}
	orders.unknowns = []tftypes.Value{withAttr(orders.config, "routing_address",
		addresses(map[string]any{"address": unknown}, map[string]any{"address": "https://b.internal/v1"}))}
	orders.edits = []tftypes.Value{edit(orders, "id", tftypes.NewValue(tftypes.String, "ecommerce/elsewhere")), // looks the proxy up
		edit(orders, "load_balance_algorithm", tftypes.NewValue(tftypes.String, "WEIGHTED")),
		edit(orders, "api_type", tftypes.NewValue(tftypes.String, "SOAP"))}
	out = append(out, orders)

	soap := tw.create("soap routing", "platform_proxy_routing", map[string]any{"project_name": "ecommerce", "api_proxy_name": "billing-soap",
		"routing_address": []any{map[string]any{"address": "https://s1.internal/ws", "weight": 3, "soap_type": "SOAP12"},
			map[string]any{"address": "https://s2.internal/ws", "weight": 2}}})
	soap.changes = []tftypes.Value{withAttr(soap.config, "routing_address", addresses(map[string]any{"address": "https://s1.internal/ws", "weight": 3})),
		withAttr(soap.config, "routing_address", addresses(map[string]any{"address": "https://s1.internal/ws", "soap_type": "SOAP11"}))}
	soap.unknowns = []tftypes.Value{withAttr(soap.config, "deploy_environments", tftypes.NewValue(rt.AttributeTypes["deploy_environments"], tftypes.UnknownValue))}
	soap.edits = []tftypes.Value{edit(soap, "load_balance_algorithm", tftypes.NewValue(tftypes.String, "ROUND_ROBIN")), // weights now warn
		edit(soap, "api_type", tftypes.NewValue(tftypes.String, "REST"))} // soap_type now refused
	out = append(out, soap)

	deployed := tw.create("deployed routing", "platform_proxy_routing", map[string]any{"project_name": "ecommerce", "api_proxy_name": "spare-api",
		"routing_enabled": true, "deploy_environments": []any{"test", "production"},
		"routing_address": []any{map[string]any{"address": "https://d.internal/v1", "address_type": "PRIMARY", "health_monitoring_enabled": true,
			"health_check_path": "/health", "description": "main"}}})
	deployed.changes = []tftypes.Value{withAttr(deployed.config, "deploy_environments", tfValue(rt.AttributeTypes["deploy_environments"], []any{"test"})),
		withAttr(deployed.config, "wait_for_live_routes", tftypes.NewValue(tftypes.Bool, false))}
	deployed.unknowns = []tftypes.Value{withAttr(deployed.config, "routing_enabled", tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue))}
	deployed.edits = []tftypes.Value{edit(deployed, "deploy_environments", tfValue(rt.AttributeTypes["deploy_environments"], []any{"production"})),
		edit(deployed, "routing_address", addresses())}
	out = append(out, deployed)

	// Every plan of this one warns (weights on a ROUND_ROBIN proxy), and it
	// has an http:// address and every role.
	legacy := tw.create("legacy routing", "platform_proxy_routing", map[string]any{"project_name": "ecommerce", "api_proxy_name": "legacy-api",
		"routing_enabled": true, "wait_for_live_routes": false,
		"timeouts": map[string]any{"create": "5m", "update": "10m"},
		"routing_address": []any{
			map[string]any{"address": "http://legacy.internal:8080/v1", "weight": 3},
			map[string]any{"address": "https://legacy-canary.internal/v1", "address_type": "CANARY", "description": "canary"},
			map[string]any{"address": "https://legacy-mirror.internal/v1", "address_type": "MIRROR"},
			map[string]any{"address": "https://legacy-dr.internal/v1", "address_type": "FAILOVER_ONLY", "health_check_path": "/health",
				"health_monitoring_enabled": false},
		}})
	legacy.changes = []tftypes.Value{withAttr(legacy.config, "routing_address", addresses(map[string]any{"address": "http://legacy.internal:8080/v1", "weight": 4})),
		withAttr(legacy.config, "routing_enabled", tftypes.NewValue(tftypes.Bool, false))}
	legacy.unknowns = []tftypes.Value{withAttr(legacy.config, "routing_enabled", tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue))}
	legacy.edits = []tftypes.Value{edit(legacy, "load_balance_algorithm", tftypes.NewValue(tftypes.String, "WEIGHTED"))}
	out = append(out, legacy)
	return out
}

func TestFastPathsAnswerAsTheFramework(t *testing.T) {
	var e expectation
	var mu sync.Mutex
	total, mapOrder := 0, 0
	var taken, declined [3]int64
	var reasons []string
	run := func(name string, manager func(*mockplatform.Config)) {
		t.Run(name, func(t *testing.T) {
			// Every private state and identity on the classic manager; a few
			// on the others, whose differences are the platform's answers.
			full := name == "classic"
			tw := newTwin(t, manager, allCredentials())
			ms := tw.corpus()
			if missing := uncovered(context.Background(), ms); full && len(missing) > 0 {
				t.Errorf("the corpus sets none of these (add a case that does):\n  %s", strings.Join(missing, "\n  "))
			}
			for _, m := range ms {
				tw.planCases(m, &e, true, full)
				tw.readCases(m, &e, true, full)
			}
			tw.dataSources(ms)
			tw.otherCredentials(t, manager, ms, &e)
			for _, m := range ms {
				tw.drift(m)
				tw.readCases(m, &e, false, full)
			}
			for _, m := range ms {
				tw.upgradeCases(m)
			}
			tw.gone(ms)
			for _, m := range ms {
				tw.readCases(m, &e, false, false)
			}
			mu.Lock()
			defer mu.Unlock()
			reasons = append(reasons, tw.reasons()...)
			total += tw.calls
			mapOrder += tw.mapOrder
			for _, x := range append([]*twin{tw}, tw.others...) {
				c := x.counts()
				for i := range 3 {
					taken[i] += c[2*i]
					declined[i] += c[2*i+1]
				}
			}
		})
	}
	for name, manager := range managers {
		run(name, manager)
	}
	t.Logf("%d requests sent to both servers (%d answers equal as values, their map entries in another order)", total, mapOrder)
	t.Logf("fast plan: %d taken, %d declined; fast read: %d taken, %d declined; fast upgrade: %d taken, %d declined",
		taken[0], declined[0], taken[1], declined[1], taken[2], declined[2])
	t.Logf("unchanged cases the fast paths should take: plan %d of %d, read %d of %d", e.planned, e.plans, e.read, e.reads)
	if total < 3000 || mapOrder == total {
		t.Errorf("the corpus has %d requests, want at least 3000", total)
	}
	if e.planned*100 < e.plans*95 || e.read*100 < e.reads*95 {
		t.Errorf("the fast paths took too few of the unchanged cases; the reasons they declined for, over the whole corpus:\n  %s",
			strings.Join(reasons, "\n  "))
	}
}

// reasons are the reasons tw's fast paths and those of the twins it made
// declined for.
func (tw *twin) reasons() []string {
	out := tw.stats().Reasons()
	for _, o := range tw.others {
		out = append(out, o.stats().Reasons()...)
	}
	return out
}

// counts are a twin's fast-path counters.
func (tw *twin) counts() [6]int64 {
	st := tw.stats()
	return [6]int64{st.PlanTaken.Load(), st.PlanDeclined.Load(), st.ReadTaken.Load(), st.ReadDeclined.Load(),
		st.UpgradeTaken.Load(), st.UpgradeDeclined.Load()}
}

// dataSources reads every data source through both servers: they pass
// through untouched, and no fast path counts them.
func (tw *twin) dataSources(ms []*managed) {
	before := tw.counts()
	var apiID string
	_ = attrOf(ms[0].state, "id").As(&apiID)
	reads := map[string]map[string]any{
		"platform_api":          {"id": apiID},
		"platform_apis":         {},
		"platform_api_versions": {"api_id": apiID},
		"platform_api_proxy":    {"project_name": "ecommerce", "api_proxy_name": "orders-api"},
		"platform_api_proxies":  {"project_name": "ecommerce"},
	}
	for name, cfg := range reads {
		typ := tw.schemas.DataSourceSchemas[name].ValueType()
		config := tfValue(typ, cfg)
		tw.readData(name, &tfprotov6.ReadDataSourceRequest{TypeName: name, Config: dv(typ, config)})
	}
	if tw.counts() != before {
		tw.t.Fatal("a data source read went through a fast path")
	}
}

// otherCredentials plans and reads the corpus with credentials missing and
// unknown.
func (tw *twin) otherCredentials(t *testing.T, manager func(*mockplatform.Config), ms []*managed, e *expectation) {
	for _, creds := range map[string]credentials{
		"missing":       {"fed_member_id": testTenant},
		"unknown":       {"token": unknown, "fed_member_id": testTenant, "email": testEmail, "password": unknown},
		"token missing": {"fed_member_id": testTenant, "email": testEmail, "password": testPassword},
	} {
		other := newTwin(t, manager, creds)
		for _, m := range ms {
			other.planCases(m, e, false, false)
			other.readCases(m, e, false, false)
		}
		tw.calls += other.calls
		tw.mapOrder += other.mapOrder
		tw.others = append(tw.others, other)
	}
}

// gone deletes the corpus's APIs on both platforms.
func (tw *twin) gone(ms []*managed) {
	for _, m := range ms {
		if m.typeName != "platform_api" {
			continue
		}
		var id string
		_ = attrOf(m.state, "id").As(&id)
		tw.pf.RemoveAPI(id)
		tw.pr.RemoveAPI(id)
	}
}

// stateJSON is v as Terraform saves it.
func stateJSON(v tftypes.Value) any {
	switch {
	case v.IsNull():
		return nil
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case v.Type().Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		n, _ := f.Float64()
		return n
	}
	switch v.Type().(type) {
	case tftypes.List, tftypes.Set:
		var elems []tftypes.Value
		_ = v.As(&elems)
		out := []any{}
		for _, e := range elems {
			out = append(out, stateJSON(e))
		}
		return out
	}
	var attrs map[string]tftypes.Value
	_ = v.As(&attrs)
	out := map[string]any{}
	for k, a := range attrs {
		out[k] = stateJSON(a)
	}
	return out
}

// upgradeCases upgrades m's state as saved, and as older code, an edit or
// another version might have left it.
func (tw *twin) upgradeCases(m *managed) {
	saved := stateJSON(m.state).(map[string]any)
	variant := func(change func(map[string]any)) []byte {
		c := map[string]any{}
		for k, v := range saved {
			c[k] = v
		}
		change(c)
		b, _ := json.Marshal(c)
		return b
	}
	cases := map[string]*tfprotov6.RawState{
		"saved":             {JSON: variant(func(map[string]any) {})},
		"removed attribute": {JSON: variant(func(c map[string]any) { c["gone"] = "x" })},
		"missing attribute": {JSON: variant(func(c map[string]any) { delete(c, "id") })},
		"wrong type":        {JSON: variant(func(c map[string]any) { c["id"] = 3 })},
		"not json":          {JSON: []byte("{")},
		"flatmap":           {Flatmap: map[string]string{"id": "x"}},
	}
	if _, ok := saved["routing_address"]; ok {
		cases["null block"] = &tfprotov6.RawState{JSON: variant(func(c map[string]any) { c["routing_address"] = nil })}
	}
	for name, raw := range cases {
		for _, version := range []int64{0, 1} {
			tw.upgrade(fmt.Sprintf("%s upgrade, %s, version %d", m.name, name, version),
				&tfprotov6.UpgradeResourceStateRequest{TypeName: m.typeName, Version: version, RawState: raw})
		}
	}
}
