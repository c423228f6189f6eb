package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// ModifyPlan keeps the version's computed IDs while version.name stays, and
// plans the production and sandbox endpoints from the configured endpoints.
func (r *apiResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !planWanted(req, resp, r.data.catalog) {
		return
	}
	version := path.Root("version")
	if !req.State.Raw.IsNull() {
		var planName, stateName types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, version.AtName("name"), &planName)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, version.AtName("name"), &stateName)...)
		if planName.Equal(stateName) {
			// latest_version_id stays unknown: another team may add a
			// version before this update is applied.
			for _, attr := range []string{"version_id", "state"} {
				copyFromState(ctx, req, resp, path.Root(attr))
			}
		}
	}
	planEndpointURIs(ctx, req, resp, version.AtName("endpoints"))
}

// planEndpointURIs plans production_endpoint and sandbox_endpoint, which the
// platform derives from the endpoints at list: the state's while the list
// stays, else the uri of the first endpoint of each category.
func planEndpointURIs(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, list path.Path) {
	var planEndpoints, stateEndpoints types.List
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, list, &planEndpoints)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, list, &stateEndpoints)...)
	}
	if !req.State.Raw.IsNull() && planEndpoints.Equal(stateEndpoints) {
		copyFromState(ctx, req, resp, path.Root("production_endpoint"))
		copyFromState(ctx, req, resp, path.Root("sandbox_endpoint"))
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("production_endpoint"), firstURI(planEndpoints, "Production"))...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("sandbox_endpoint"), firstURI(planEndpoints, "Sandbox"))...)
}

func copyFromState(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, p path.Path) {
	var v types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, p, &v)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, p, v)...)
}

// firstURI is what the platform reports as the version's production or
// sandbox endpoint: the uri of the first endpoint of that category.
func firstURI(endpoints types.List, category string) types.String {
	if endpoints.IsUnknown() {
		return types.StringUnknown()
	}
	for _, elem := range endpoints.Elements() {
		obj, ok := elem.(basetypes.ObjectValue)
		if !ok || obj.IsUnknown() {
			return types.StringUnknown()
		}
		cat, _ := obj.Attributes()["category"].(basetypes.StringValue)
		uri, _ := obj.Attributes()["uri"].(basetypes.StringValue)
		if cat.IsUnknown() || (cat.ValueString() == category && uri.IsUnknown()) {
			return types.StringUnknown()
		}
		if cat.ValueString() == category {
			return uri
		}
	}
	return types.StringNull()
}
