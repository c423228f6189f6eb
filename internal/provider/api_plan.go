package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

func (r *apiResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	version := path.Root("version")
	for _, p := range []path.Path{version.AtName("operations"), version.AtName("target_api").AtName("operations")} {
		checkUniqueNames(ctx, req.Config, p, &resp.Diagnostics)
	}
}

// checkUniqueNames reports an operation whose name an earlier one in the
// same list already has.
func checkUniqueNames(ctx context.Context, config tfsdk.Config, list path.Path, diags *diag.Diagnostics) {
	var ops types.List
	if d := config.GetAttribute(ctx, list, &ops); d.HasError() || ops.IsNull() || ops.IsUnknown() {
		return
	}
	seen := map[string]int{}
	for i, elem := range ops.Elements() {
		obj, ok := elem.(basetypes.ObjectValue)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		name, ok := obj.Attributes()["name"].(basetypes.StringValue)
		if !ok || name.IsNull() || name.IsUnknown() {
			continue
		}
		if j, dup := seen[name.ValueString()]; dup {
			diags.AddAttributeError(list.AtListIndex(i).AtName("name"), "Duplicate operation name",
				fmt.Sprintf("%s: the operation name %q is already used by %s; operation names must be unique.",
					list.AtListIndex(i).AtName("name"), name.ValueString(), list.AtListIndex(j)))
			continue
		}
		seen[name.ValueString()] = i
	}
}

// ModifyPlan keeps the version's computed IDs while version.name stays, and
// plans the production and sandbox endpoints from the configured endpoints.
func (r *apiResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if _, _, d := r.data.catalog(); d.HasError() {
		resp.Diagnostics.Append(d...)
		return
	}
	// Nothing changes: every value, computed ones included, is the state's.
	if req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	version := path.Root("version")
	if !req.State.Raw.IsNull() {
		var planName, stateName types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, version.AtName("name"), &planName)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, version.AtName("name"), &stateName)...)
		if planName.Equal(stateName) {
			for _, attr := range []string{"version_id", "latest_version_id", "state"} {
				copyFromState(ctx, req, resp, path.Root(attr))
			}
		}
	}
	var planEndpoints, stateEndpoints types.List
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, version.AtName("endpoints"), &planEndpoints)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, version.AtName("endpoints"), &stateEndpoints)...)
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
