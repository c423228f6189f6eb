package provider

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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
//   - the resource's own ModifyPlan returns with nothing to say and nothing
//     changed (planChecks, per type);
//   - no list block is null (the framework would answer an empty list), the
//     private state is one the framework decodes, with none of its own
//     keys, and the identity decodes;
//   - the provider was configured with no error and no deferral.
//
// The answer is then what the framework returns: the planned state is the
// prior state, the planned private state the prior one re-encoded, the
// planned identity the prior one (the null identity when the request has
// none), and no requires-replace, deferral or diagnostic.

// planChecks tells, per resource type, whether its ModifyPlan leaves a plan
// that equals the state as it is, with no diagnostic: prior is that state,
// config the configuration. A type with a ModifyPlan and no check here is
// never planned fast.
var planChecks = map[string]func(d *providerData, prior, config tftypes.Value) bool{
	"platform_api":           quietCatalogPlan,
	"platform_api_version":   quietCatalogPlan,
	"platform_proxy_routing": quietRoutingPlan,
}

// quietCatalogPlan: platform_api's and platform_api_version's ModifyPlan
// report a missing catalog credential, and otherwise return at once when
// the plan equals the state.
func quietCatalogPlan(d *providerData, _, _ tftypes.Value) bool {
	_, _, diags := d.catalog()
	return len(diags) == 0
}

// quietRoutingPlan: platform_proxy_routing's ModifyPlan reports a missing
// token; looks the proxy up (a request) when the state's id is not the
// configured proxy's; refuses a configured soap_type on a REST proxy; warns
// about weights other than 1 unless the algorithm is WEIGHTED; and sets the
// plan to what it read, which changes nothing otherwise.
func quietRoutingPlan(d *providerData, prior, config tftypes.Value) bool {
	if _, _, diags := d.apiops(); len(diags) > 0 {
		return false
	}
	project, ok1 := stringAttr(prior, "project_name")
	proxy, ok2 := stringAttr(prior, "api_proxy_name")
	id, ok3 := stringAttr(prior, "id")
	if !ok1 || !ok2 || !ok3 || id != routingID(project, proxy) {
		return false
	}
	var addrs, configured []tftypes.Value
	if attrOf(prior, "routing_address").As(&addrs) != nil || attrOf(config, "routing_address").As(&configured) != nil ||
		len(configured) != len(addrs) {
		return false
	}
	apiType, _ := stringAttr(prior, "api_type")
	algorithm, known := stringAttr(prior, "load_balance_algorithm")
	for i, a := range addrs {
		if apiType == "REST" && !attrOf(configured[i], "soap_type").IsNull() {
			return false
		}
		if known && algorithm != "WEIGHTED" && !weightIsOne(attrOf(a, "weight")) {
			return false
		}
	}
	return true
}

// attrOf is attribute name of object v; null when v is null.
func attrOf(v tftypes.Value, name string) tftypes.Value {
	var attrs map[string]tftypes.Value
	if v.IsNull() || v.As(&attrs) != nil {
		return tftypes.NewValue(tftypes.DynamicPseudoType, nil)
	}
	return attrs[name]
}

// weightIsOne: a null weight warns about nothing either.
func weightIsOne(w tftypes.Value) bool {
	if w.IsNull() {
		return true
	}
	var n big.Float
	if w.As(&n) != nil {
		return false
	}
	return n.Cmp(big.NewFloat(1)) == 0
}

// plan answers req when it provably can; ok is false to let the framework.
func (f *fastPaths) plan(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (resp *tfprotov6.PlanResourceChangeResponse, ok bool) {
	defer func() {
		if ok {
			f.stats.planTaken.Add(1)
		} else {
			f.stats.planDeclined.Add(1)
		}
	}()
	ft := f.typeOf(ctx, req.TypeName)
	d := f.data()
	if f.off || ft == nil || !ft.planOK || d == nil {
		return nil, false
	}
	// Creates and destroys, most of the plans an apply makes, are told
	// apart before decoding anything else.
	prior, ok := decodeValue(req.PriorState, ft.typ)
	if !ok || prior.IsNull() {
		return nil, false
	}
	proposed, ok := decodeValue(req.ProposedNewState, ft.typ)
	if !ok || proposed.IsNull() || !proposed.IsFullyKnown() || !proposed.Equal(prior) {
		return nil, false
	}
	config, ok := decodeValue(req.Config, ft.typ)
	if !ok || config.IsNull() || !config.IsFullyKnown() || !ft.root.blocksPresent(prior) || !ft.root.defaultsHold(prior, config) {
		return nil, false
	}
	if check := planChecks[ft.name]; check != nil && !check(d, prior, config) {
		return nil, false
	}
	private, ok2 := decodePrivate(req.PriorPrivate)
	if !ok2 || private.frameworkKeys() {
		return nil, false
	}
	identity, ok3 := ft.identityOf(req.PriorIdentity)
	if !ok3 {
		return nil, false
	}
	return ft.plannedAsPrior(prior, private, identity)
}

// plannedAsPrior is the framework's answer when the plan is the prior state.
func (ft *fastType) plannedAsPrior(prior tftypes.Value, private privateState, identity tftypes.Value) (*tfprotov6.PlanResourceChangeResponse, bool) {
	state, ok := encodeValue(ft.typ, prior)
	if !ok {
		return nil, false
	}
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedState: state, PlannedPrivate: private.encode()}
	if ft.identity != nil {
		id, ok := encodeValue(*ft.identity, identity)
		if !ok {
			return nil, false
		}
		resp.PlannedIdentity = &tfprotov6.ResourceIdentityData{IdentityData: id}
	}
	return resp, true
}
