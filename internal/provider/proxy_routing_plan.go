package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

func (r *proxyRoutingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	checkWaitNeedsEnvironments(ctx, req.Config, &resp.Diagnostics)
	var list types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("routing_address"), &list)...)
	if resp.Diagnostics.HasError() || list.IsUnknown() {
		return
	}
	// Zero blocks is allowed: the plan warns when that empties a list
	// (warnEmptied), once, where validation would warn on every plan, and
	// twice, since Terraform validates again while planning.
	addrs, diags := routingAddresses(ctx, list)
	resp.Diagnostics.Append(diags...)
	checkRoles(addrs, &resp.Diagnostics)
	seen := map[string]int{}
	for i, a := range addrs {
		if a.Address.IsNull() || a.Address.IsUnknown() {
			continue
		}
		if j, dup := seen[a.Address.ValueString()]; dup {
			resp.Diagnostics.AddAttributeError(path.Root("routing_address").AtListIndex(i).AtName("address"),
				"Duplicate routing address",
				fmt.Sprintf("routing_address[%d].address: the address %q is already given in routing_address[%d]; each address may appear once.",
					i, a.Address.ValueString(), j))
			continue
		}
		seen[a.Address.ValueString()] = i
	}
}

// checkRoles applies the rules of address roles (wire/PROTOCOL.md §2.7): a
// health check only on PRIMARY and FAILOVER_ONLY addresses, and at least one
// PRIMARY address (unset means PRIMARY) in a list that has addresses.
func checkRoles(addrs []routingAddressModel, diags *diag.Diagnostics) {
	primary, unknown := false, false
	for i, a := range addrs {
		role := a.AddressType
		switch {
		case role.IsUnknown():
			unknown = true
		case role.IsNull() || role.ValueString() == wire.AddressPrimary:
			primary = true
		}
		if a.HealthCheckPath.IsNull() || a.HealthCheckPath.IsUnknown() || role.IsUnknown() {
			continue
		}
		if t := role.ValueString(); t == wire.AddressCanary || t == wire.AddressMirror {
			diags.AddAttributeError(path.Root("routing_address").AtListIndex(i).AtName("health_check_path"),
				"Health check on a "+t+" address",
				fmt.Sprintf("routing_address[%d].health_check_path = %q, but the address's address_type is %s; only PRIMARY "+
					"and FAILOVER_ONLY addresses take a health check. Remove health_check_path or change address_type.",
					i, a.HealthCheckPath.ValueString(), t))
		}
	}
	if len(addrs) > 0 && !primary && !unknown {
		diags.AddAttributeError(path.Root("routing_address"), "No PRIMARY address",
			fmt.Sprintf("None of the %d routing_address blocks is a PRIMARY address (address_type unset means PRIMARY); "+
				"the platform needs at least one to route normal traffic. Set address_type = \"PRIMARY\" on one, or leave "+
				"it unset.", len(addrs)))
	}
}

// checkWaitNeedsEnvironments: waiting for live routes needs deployments.
func checkWaitNeedsEnvironments(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var wait types.Bool
	var envs types.Set
	diags.Append(config.GetAttribute(ctx, path.Root("wait_for_live_routes"), &wait)...)
	diags.Append(config.GetAttribute(ctx, path.Root("deploy_environments"), &envs)...)
	if !wait.ValueBool() || envs.IsUnknown() || len(envs.Elements()) > 0 {
		return
	}
	diags.AddAttributeError(path.Root("wait_for_live_routes"), "Nothing to wait for",
		"wait_for_live_routes = true waits for the routes of each deployment to go live, but deploy_environments "+
			"names no environment, so nothing is deployed. Set deploy_environments, or remove wait_for_live_routes.")
}

// ModifyPlan checks soap_type against the proxy's API type and plans the
// soap_type the platform will fill in, so that plans show real values. It
// costs a request only when the configuration sets a soap_type and the API
// type is not in state yet (Terraform plans once more during apply, so a
// lookup on every create would double its cost). A proxy this plan creates
// or changes is known from the plan, not the platform.
func (r *proxyRoutingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if _, _, d := r.data.apiops(); d.HasError() {
		resp.Diagnostics.Append(d...)
		return
	}
	var plan, state proxyRoutingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() || plan.ProjectName.IsUnknown() || plan.APIProxyName.IsUnknown() {
		return
	}
	plan.ID = types.StringValue(routingID(plan.names()))
	planned, isPlanned := r.data.planned.lookup(plan.names())
	switch {
	case isPlanned:
		// A proxy this plan creates or changes (platform_api_proxy, planned
		// first since this routing refers to it): made from a
		// specification, so REST, with the algorithm the plan leaves.
		plan.APIType, plan.LoadBalanceAlgorithm = types.StringValue(specProxyType), planned.LoadBalanceAlgorithm
		if state.ID.Equal(plan.ID) && !planned.LoadBalanceAlgorithm.Equal(state.LoadBalanceAlgorithm) {
			// A new algorithm is known after apply: where the configuration
			// names the proxy without a reference (imported, generated),
			// Terraform may plan the routing before the proxy when it plans
			// again before applying, and a known value would then differ.
			plan.LoadBalanceAlgorithm = types.StringUnknown()
		}
	case state.ID.Equal(plan.ID):
		plan.APIType = state.APIType
	case setsSoapType(ctx, req.Config):
		// Only a configured soap_type needs the API type before apply.
		plan.APIType, plan.LoadBalanceAlgorithm = r.lookupProxy(ctx, plan, &resp.Diagnostics)
	default:
		plan.APIType, plan.LoadBalanceAlgorithm = types.StringUnknown(), types.StringUnknown()
	}
	if !plan.APIType.IsUnknown() && !plan.RoutingAddresses.IsUnknown() {
		addrs, diags := routingAddresses(ctx, plan.RoutingAddresses)
		resp.Diagnostics.Append(diags...)
		plannedAddrs := planSoapTypes(ctx, req.Config, addrs, plan.APIType.ValueString(), plan.ID.ValueString(), &resp.Diagnostics)
		plan.RoutingAddresses = routingAddressList(plannedAddrs)
	}
	weighed := plan // the weight warning reads the algorithm the proxy's plan leaves, known here or not
	if isPlanned {
		weighed.LoadBalanceAlgorithm = planned.LoadBalanceAlgorithm
	}
	warnIneffectiveWeights(ctx, weighed, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !req.Plan.Raw.Equal(req.State.Raw) {
		prior := &state
		if req.State.Raw.IsNull() {
			prior = nil
		}
		r.checkPlan(ctx, req, plan, prior, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func setsSoapType(ctx context.Context, config tfsdk.Config) bool {
	var list types.List
	if d := config.GetAttribute(ctx, path.Root("routing_address"), &list); d.HasError() || list.IsNull() || list.IsUnknown() {
		return false
	}
	addrs, _ := routingAddresses(ctx, list)
	for _, a := range addrs {
		if !a.SoapType.IsNull() {
			return true
		}
	}
	return false
}

// lookupProxy returns the proxy's API type and load-balance algorithm, or
// unknowns when the platform cannot say yet.
func (r *proxyRoutingResource) lookupProxy(ctx context.Context, plan proxyRoutingModel, diags *diag.Diagnostics) (types.String, types.String) {
	unknown := types.StringUnknown()
	c, ok, d := r.data.apiops()
	diags.Append(d...)
	if !ok {
		return unknown, unknown
	}
	px, err := c.GetAPIProxy(ctx, plan.ProjectName.ValueString(), plan.APIProxyName.ValueString())
	switch {
	case errors.Is(err, client.ErrNotFound):
		// checkProxy refuses a missing proxy, unless this plan creates it.
		return unknown, unknown
	case err != nil:
		addClientError(diags, "reading API proxy "+plan.ID.ValueString(), err)
		return unknown, unknown
	}
	return types.StringValue(px.APIType), types.StringValue(px.Routing.LoadBalanceAlgorithm)
}

// planSoapTypes rejects soap_type on REST proxies and fills the value the
// platform will report where the configuration leaves it unset.
func planSoapTypes(ctx context.Context, config tfsdk.Config, addrs []routingAddressModel, apiType, id string, diags *diag.Diagnostics) []routingAddressModel {
	for i := range addrs {
		var configured types.String
		p := path.Root("routing_address").AtListIndex(i).AtName("soap_type")
		diags.Append(config.GetAttribute(ctx, p, &configured)...)
		if apiType == "REST" && !configured.IsNull() && !configured.IsUnknown() {
			diags.AddAttributeError(p, "soap_type on a REST proxy",
				fmt.Sprintf("API proxy %s is a REST proxy, which takes no soap_type, but routing_address[%d] sets soap_type = %q. Remove it.",
					id, i, configured.ValueString()))
			continue
		}
		if !addrs[i].SoapType.IsUnknown() {
			continue
		}
		if apiType == "SOAP" {
			addrs[i].SoapType = types.StringValue(defaultSoapType)
		} else {
			addrs[i].SoapType = types.StringNull()
		}
	}
	return addrs
}

// warnIneffectiveWeights warns about weights the proxy's known load-balance
// algorithm ignores.
func warnIneffectiveWeights(ctx context.Context, plan proxyRoutingModel, diags *diag.Diagnostics) {
	lba := plan.LoadBalanceAlgorithm
	if lba.IsUnknown() || lba.IsNull() || lba.ValueString() == "WEIGHTED" {
		return
	}
	addrs, _ := routingAddresses(ctx, plan.RoutingAddresses)
	for i, a := range addrs {
		if a.Weight.IsUnknown() || a.Weight.IsNull() || a.Weight.ValueInt64() == 1 {
			continue
		}
		diags.AddAttributeWarning(path.Root("routing_address").AtListIndex(i).AtName("weight"), "Weight has no effect",
			fmt.Sprintf("routing_address[%d].weight = %d, but API proxy %s balances load with %s, which ignores weights; "+
				"they only matter with WEIGHTED, which is configured on the platform.",
				i, a.Weight.ValueInt64(), plan.ID.ValueString(), lba.ValueString()))
	}
}
