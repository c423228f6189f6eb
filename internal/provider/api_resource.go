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
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var (
	_ resource.ResourceWithConfigure      = (*apiResource)(nil)
	_ resource.ResourceWithImportState    = (*apiResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*apiResource)(nil)
	_ resource.ResourceWithValidateConfig = (*apiResource)(nil)
)

// NewAPIResource is the platform_api resource.
func NewAPIResource() resource.Resource { return &apiResource{} }

type apiResource struct {
	data *providerData
}

func (r *apiResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api"
}

func (r *apiResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = apiResourceSchema()
}

func (r *apiResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if d, ok := req.ProviderData.(*providerData); ok {
		r.data = d
	}
}

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

func (r *apiResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c, _, d := r.data.catalog()
	resp.Diagnostics.Append(d...)
	body, d := plan.toAPI(ctx)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	created, err := c.CreateAPIOnce(ctx, body)
	var conflict *client.ConflictError
	switch {
	case errors.As(err, &conflict):
		resp.Diagnostics.AddError("API already exists",
			fmt.Sprintf("The platform already has an API named %q (ID %s), so it cannot be created again. "+
				"To manage the existing API with Terraform, import it:\n\n"+
				"  terraform import platform_api.<name> %s\n\nor add an import block:\n\n"+
				"  import {\n    to = platform_api.<name>\n    id = %q\n  }",
				conflict.Name, conflict.ExistingID, conflict.ExistingID, conflict.ExistingID))
	case err != nil && created != nil:
		// The API exists but could not be brought to the configuration:
		// track it (Terraform marks it tainted) rather than lose it.
		addClientError(&resp.Diagnostics, fmt.Sprintf("creating API %q", body.Name), err)
		r.store(ctx, apiFromPlatform(created, &plan), &resp.State, resp.Identity, &resp.Diagnostics)
	case err != nil:
		addClientError(&resp.Diagnostics, fmt.Sprintf("creating API %q", body.Name), err)
	default:
		r.store(ctx, apiFromPlatform(created, &plan), &resp.State, resp.Identity, &resp.Diagnostics)
	}
}

// store records m as the resource's state and identity.
func (r *apiResource) store(ctx context.Context, m *apiModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	diags.Append(state.Set(ctx, m)...)
	setIdentity(ctx, identity, m.identity(), diags)
}

func (r *apiResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ok, d := r.data.catalog()
	if resp.Diagnostics.Append(d...); !ok {
		return
	}
	api, err := c.GetAPI(ctx, state.ID.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		removed(ctx, resp, state.identity())
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "reading API "+state.ID.ValueString(), err)
		return
	}
	r.store(ctx, apiFromPlatform(api, &state), &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *apiResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state apiModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, _, d := r.data.catalog()
	resp.Diagnostics.Append(d...)
	body, d := plan.toAPI(ctx)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	updated, err := c.UpdateAPI(ctx, state.ID.ValueString(), body)
	if err != nil {
		addClientError(&resp.Diagnostics, "updating API "+state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(notLatestVersion(state.ID.ValueString(), body, updated)...)
	r.store(ctx, apiFromPlatform(updated, &plan), &resp.State, resp.Identity, &resp.Diagnostics)
}

// notLatestVersion explains an update that named a version other than the
// latest. The platform replaces that version in place but goes on showing
// the latest one, so the next plan shows version.name changing back.
func notLatestVersion(id string, sent, got *wire.API) diag.Diagnostics {
	var diags diag.Diagnostics
	if sent.APIVersion == nil || got.APIVersion == nil {
		return diags
	}
	name, at := sent.APIVersion.Name, path.Root("version").AtName("name")
	const advice = "The platform shows only an API's latest version, so Terraform can manage only that one: " +
		"set version.name to the latest version's name, or to a new name to add a version."
	switch {
	case got.APIVersion.Name != name:
		diags.AddAttributeError(at, "Version is not the API's latest",
			fmt.Sprintf("The platform updated version %q of API %s but answered with version %q, its latest. %s",
				name, id, got.APIVersion.Name, advice))
	case got.LatestVersionID != "" && got.LatestVersionID != got.APIVersion.APIVersionID:
		diags.AddAttributeWarning(at, "Version is not the API's latest",
			fmt.Sprintf("The platform updated version %q (%s) of API %s in place, but the API's latest version is %s, "+
				"and the next plan will show version.name changing back to that version's name. %s",
				name, got.APIVersion.APIVersionID, id, got.LatestVersionID, advice))
	}
	return diags
}

func (r *apiResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, _, d := r.data.catalog()
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	err := c.DeleteAPI(ctx, state.ID.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "deleting API "+state.ID.ValueString(), err)
	}
}

// ImportState takes the API's ID, from an import ID or an identity.
func (r *apiResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if id == "" && req.Identity != nil {
		var identity apiIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		id = identity.ID.ValueString()
	}
	if id == "" {
		resp.Diagnostics.AddError("Invalid import ID",
			"Expected the API's ID (APIID), e.g. api18969.acmepaymentscorp, as the import ID or the identity's id; got an empty string.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(ctx, resp.Identity, &apiIdentity{ID: types.StringValue(id)}, &resp.Diagnostics)
}
