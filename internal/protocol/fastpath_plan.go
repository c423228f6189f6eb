package protocol

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
)

// The fast plan answers PlanResourceChange with the prior state when the
// framework provably would (terraform-plugin-framework 1.19,
// fwserver.PlanResourceChange):
//
//   - the proposed new state equals the prior state, neither is null (no
//     create, no destroy) and the proposed state and the configuration are
//     wholly known: the framework then marks no computed value unknown;
//   - wherever an attribute with a Default is null in the configuration,
//     the prior value is the default, so setting defaults changes nothing;
//   - the schema has no write-only attribute and no plan modifier other
//     than UseStateForUnknown and RequiresReplace, which change nothing in
//     a known plan that equals the state (so nothing requires replacement);
//   - no list block is null (the framework would answer an empty list), the
//     private state is one the framework decodes, with none of its own
//     keys, and the identity decodes;
//   - the provider was configured with no error and no deferral;
//   - the resource's own ModifyPlan, called here as the framework calls it
//     (with the prior state as the plan, which is what the framework hands
//     it then), leaves the plan, the identity and the private state as they
//     are, requires no replacement, defers nothing and reports no error.
//     Its warnings are the answer's diagnostics, as they are the
//     framework's. It is given no private state (the framework's type for
//     it is internal to the framework): a ModifyPlan here reads it only in
//     a plan that changes something (platform_proxy_routing's sent
//     addresses), which never comes this way, and one that wrote it would
//     be declined.
//
// The answer is then what the framework returns: the planned state is the
// prior state, the planned private state the prior one re-encoded, the
// planned identity the prior one (the null identity when the request has
// none), and no requires-replace or deferral.

// plan answers req when it provably can. Otherwise it answers nil, and the
// context the framework is to plan with: the reads the resource's
// ModifyPlan made here are replayed to the framework's call of it, so that
// the platform sees each read once.
func (f *fastPaths) plan(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, context.Context) {
	ft := f.typeOf(ctx, req.TypeName)
	if ft == nil || !f.taking() {
		return nil, ctx
	}
	answers := &client.Answers{}
	actx := client.WithAnswers(ctx, answers)
	resp, why := f.tryPlan(actx, ft, req)
	f.decided(ctx, rpcPlan, ft.name, why)
	if resp != nil {
		return resp, ctx
	}
	if answers.Len() == 0 {
		return nil, ctx
	}
	answers.Replay()
	return nil, actx
}

func (f *fastPaths) tryPlan(ctx context.Context, ft *fastType, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, string) {
	if !ft.planOK {
		return nil, ft.planWhy
	}
	// Creates and destroys, most of the plans an apply makes, are told
	// apart before decoding anything else.
	prior, ok := decodeValue(req.PriorState, ft.typ)
	if !ok || prior.IsNull() {
		return nil, "a create, or a prior state that does not decode"
	}
	proposed, ok := decodeValue(req.ProposedNewState, ft.typ)
	switch {
	case !ok || proposed.IsNull():
		return nil, "a destroy, or a proposed state that does not decode"
	case !proposed.Equal(prior):
		return nil, "the proposed state differs from the prior state"
	case !proposed.IsFullyKnown():
		return nil, "the proposed state has unknown values"
	}
	config, ok := decodeValue(req.Config, ft.typ)
	switch {
	case !ok || config.IsNull() || !config.IsFullyKnown():
		return nil, "the configuration has unknown values or does not decode"
	case !ft.root.blocksPresent(prior):
		return nil, "a list block is null in the prior state"
	case !ft.root.defaultsHold(prior, config):
		return nil, "a default does not hold in the prior state"
	}
	private, ok := decodePrivate(req.PriorPrivate)
	if !ok || private.frameworkKeys() {
		return nil, "the private state is the framework's or does not decode"
	}
	identity, ok := ft.identityOf(req.PriorIdentity)
	if !ok {
		return nil, "the identity does not decode"
	}
	r := f.resource(ctx, ft)
	if r == nil {
		return nil, "the provider is not configured"
	}
	diags, why := ft.modifyPlan(ctx, r, req, prior, config, identity)
	if why != "" {
		return nil, why
	}
	return ft.plannedAsPrior(ctx, prior, private, identity, diags)
}

// modifyPlan calls r's ModifyPlan as the framework would for a plan equal
// to prior; why says what makes the answer not the prior state.
func (ft *fastType) modifyPlan(ctx context.Context, r resource.Resource, req *tfprotov6.PlanResourceChangeRequest,
	prior, config, identity tftypes.Value) (diag.Diagnostics, string) {
	rm, ok := r.(resource.ResourceWithModifyPlan)
	if !ok {
		return nil, ""
	}
	plan := tfsdk.Plan{Raw: prior.Copy(), Schema: ft.schema}
	mreq := resource.ModifyPlanRequest{
		Config: tfsdk.Config{Raw: config, Schema: ft.schema},
		Plan:   plan,
		State:  tfsdk.State{Raw: prior.Copy(), Schema: ft.schema},
	}
	if c := req.ClientCapabilities; c != nil {
		mreq.ClientCapabilities.DeferralAllowed = c.DeferralAllowed
	}
	mresp := resource.ModifyPlanResponse{Plan: plan, RequiresReplace: path.Paths{}}
	if ft.identity != nil {
		mreq.Identity = &tfsdk.ResourceIdentity{Schema: ft.identitySchema, Raw: identity.Copy()}
		mresp.Identity = &tfsdk.ResourceIdentity{Schema: ft.identitySchema, Raw: identity.Copy()}
	}
	rm.ModifyPlan(ctx, mreq, &mresp)
	switch {
	case mresp.Diagnostics.HasError():
		return nil, "its ModifyPlan reports an error"
	case !mresp.Plan.Raw.Equal(prior):
		return nil, "its ModifyPlan changes the plan"
	case len(mresp.RequiresReplace) > 0:
		return nil, "its ModifyPlan requires replacement"
	case mresp.Deferred != nil:
		return nil, "its ModifyPlan defers"
	case mresp.Private != nil:
		return nil, "its ModifyPlan writes private state"
	case ft.identity != nil && (mresp.Identity == nil || !mresp.Identity.Raw.Equal(identity)):
		return nil, "its ModifyPlan changes the identity"
	}
	return mresp.Diagnostics, ""
}

// plannedAsPrior is the framework's answer when the plan is the prior state.
func (ft *fastType) plannedAsPrior(ctx context.Context, prior tftypes.Value, private privateState, identity tftypes.Value,
	diags diag.Diagnostics) (*tfprotov6.PlanResourceChangeResponse, string) {
	state, ok := encodeValue(ft.typ, prior)
	pdiags, ok2 := protoDiagnostics(ctx, diags)
	if !ok || !ok2 {
		return nil, "the answer does not encode"
	}
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedState: state, PlannedPrivate: private.encode(), Diagnostics: pdiags}
	if ft.identity != nil {
		id, ok := encodeValue(*ft.identity, identity)
		if !ok {
			return nil, "the identity does not encode"
		}
		resp.PlannedIdentity = &tfprotov6.ResourceIdentityData{IdentityData: id}
	}
	return resp, ""
}
