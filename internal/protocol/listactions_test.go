package protocol

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A provider with one list resource and one action, each of which records
// what it was called with, and whether the request's context still carried
// its values while the call ran.

type requestKey struct{}

type stubCalls struct {
	listed, validatedList, planned, invoked, validatedAction int
	// seen is the value of requestKey each call found in its context,
	// the list's iterator and the action's Invoke included.
	seen []any
	// listCtx is the context List was given, kept to see it released.
	listCtx context.Context
}

type stubProvider struct{ calls *stubCalls }

var (
	_ provider.ProviderWithListResources = stubProvider{}
	_ provider.ProviderWithActions       = stubProvider{}
)

func (stubProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "stub"
}
func (stubProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (stubProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (stubProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (p stubProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return stubThing{} }}
}
func (p stubProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{func() list.ListResource { return stubThingList(p) }}
}
func (p stubProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{func() action.Action { return stubPoke(p) }}
}

// stubThing is the managed resource the list resource lists.
type stubThing struct{}

var _ resource.ResourceWithIdentity = stubThing{}

func (stubThing) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "stub_thing"
}
func (stubThing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}}
}
func (stubThing) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true}}}
}
func (stubThing) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (stubThing) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (stubThing) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (stubThing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

type stubThingList stubProvider

var _ list.ListResourceWithValidateConfig = stubThingList{}

func (stubThingList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "stub_thing"
}
func (stubThingList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{Attributes: map[string]listschema.Attribute{"prefix": listschema.StringAttribute{Optional: true}}}
}
func (l stubThingList) ValidateListResourceConfig(ctx context.Context, _ list.ValidateConfigRequest, _ *list.ValidateConfigResponse) {
	l.calls.validatedList++
	l.calls.seen = append(l.calls.seen, ctx.Value(requestKey{}))
}
func (l stubThingList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	l.calls.listCtx = ctx
	var prefix types.String
	req.Config.GetAttribute(ctx, path.Root("prefix"), &prefix)
	stream.Results = func(push func(list.ListResult) bool) {
		for _, id := range []string{"a", "b"} {
			l.calls.listed++
			l.calls.seen = append(l.calls.seen, ctx.Value(requestKey{}))
			r := req.NewListResult(ctx)
			r.DisplayName = prefix.ValueString() + id
			r.Diagnostics.Append(r.Identity.SetAttribute(ctx, path.Root("id"), id)...)
			if !push(r) {
				return
			}
		}
	}
}

type stubPoke stubProvider

var (
	_ action.ActionWithModifyPlan     = stubPoke{}
	_ action.ActionWithValidateConfig = stubPoke{}
)

func (stubPoke) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = "stub_poke"
}
func (stubPoke) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = actionschema.Schema{Attributes: map[string]actionschema.Attribute{
		"message": actionschema.StringAttribute{Required: true}}}
}
func (a stubPoke) ValidateConfig(ctx context.Context, _ action.ValidateConfigRequest, _ *action.ValidateConfigResponse) {
	a.calls.validatedAction++
	a.calls.seen = append(a.calls.seen, ctx.Value(requestKey{}))
}
func (a stubPoke) ModifyPlan(ctx context.Context, _ action.ModifyPlanRequest, _ *action.ModifyPlanResponse) {
	a.calls.planned++
	a.calls.seen = append(a.calls.seen, ctx.Value(requestKey{}))
}
func (a stubPoke) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	a.calls.invoked++
	a.calls.seen = append(a.calls.seen, ctx.Value(requestKey{}))
	var msg types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("message"), &msg)...)
	resp.SendProgress(action.InvokeProgressEvent{Message: "poked: " + msg.ValueString()})
}

// terraform-plugin-go serves list resources and actions only when the
// server implements its two optional interfaces: each of their five calls
// must reach the framework through the provider's server, and the two that
// stream must find their request's context whole while they stream, and
// let go of it when done.
func TestServerForwardsListResourcesAndActions(t *testing.T) {
	calls := &stubCalls{}
	srv := NewServer(stubProvider{calls: calls})()
	ctx := context.WithValue(context.Background(), requestKey{}, "request")
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatal(err, schemas.Diagnostics)
	}
	listServer, ok := srv.(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // what plugin-go asserts
	if !ok {
		t.Fatal("the server does not implement ProviderServerWithListResource")
	}
	actionServer, ok := srv.(tfprotov6.ProviderServerWithActions) //nolint:staticcheck // what plugin-go asserts
	if !ok {
		t.Fatal("the server does not implement ProviderServerWithActions")
	}

	listConfig := dynamicValue(t, schemas.ListResourceSchemas["stub_thing"], map[string]tftypes.Value{
		"prefix": tftypes.NewValue(tftypes.String, "thing-")})
	vl, err := listServer.ValidateListResourceConfig(ctx, &tfprotov6.ValidateListResourceConfigRequest{TypeName: "stub_thing", Config: listConfig})
	if err != nil || len(vl.Diagnostics) > 0 {
		t.Fatal("ValidateListResourceConfig:", err, vl.Diagnostics)
	}
	stream, err := listServer.ListResource(ctx, &tfprotov6.ListResourceRequest{TypeName: "stub_thing", Config: listConfig, Limit: 10})
	if err != nil {
		t.Fatal("ListResource:", err)
	}
	if calls.listCtx.Value(requestKey{}) == nil {
		t.Fatal("the list's context was released before its results were read")
	}
	var names []string
	for r := range stream.Results {
		if len(r.Diagnostics) > 0 {
			t.Fatal("ListResource result:", r.Diagnostics)
		}
		names = append(names, r.DisplayName)
	}
	if !slices.Equal(names, []string{"thing-a", "thing-b"}) {
		t.Errorf("listed %q, want thing-a and thing-b", names)
	}
	if calls.listCtx.Value(requestKey{}) != nil {
		t.Error("the list's context still holds the request once its results were read")
	}

	actionConfig := dynamicValue(t, schemas.ActionSchemas["stub_poke"].Schema, map[string]tftypes.Value{
		"message": tftypes.NewValue(tftypes.String, "hello")})
	va, err := actionServer.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: "stub_poke", Config: actionConfig})
	if err != nil || len(va.Diagnostics) > 0 {
		t.Fatal("ValidateActionConfig:", err, va.Diagnostics)
	}
	pa, err := actionServer.PlanAction(ctx, &tfprotov6.PlanActionRequest{ActionType: "stub_poke", Config: actionConfig})
	if err != nil || len(pa.Diagnostics) > 0 {
		t.Fatal("PlanAction:", err, pa.Diagnostics)
	}
	ia, err := actionServer.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: "stub_poke", Config: actionConfig})
	if err != nil {
		t.Fatal("InvokeAction:", err)
	}
	var progress []string
	completed := 0
	for ev := range ia.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed++
			if len(e.Diagnostics) > 0 {
				t.Fatal("InvokeAction:", e.Diagnostics)
			}
		}
	}
	if !slices.Equal(progress, []string{"poked: hello"}) || completed != 1 {
		t.Errorf("progress %q and %d completed events, want one of each", progress, completed)
	}

	if calls.validatedList != 1 || calls.listed != 2 || calls.validatedAction != 1 || calls.planned != 1 || calls.invoked != 1 {
		t.Errorf("the framework saw %+v", *calls)
	}
	for i, v := range calls.seen {
		if v != "request" {
			t.Errorf("call %d ran with a context that had lost the request's values", i)
		}
	}
}

func dynamicValue(t *testing.T, s *tfprotov6.Schema, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	if s == nil {
		t.Fatal("no schema")
	}
	typ := s.ValueType()
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}
