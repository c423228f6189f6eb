package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var (
	_ resource.ResourceWithConfigure   = (*apiVersionResource)(nil)
	_ resource.ResourceWithImportState = (*apiVersionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*apiVersionResource)(nil)
	_ resource.ResourceWithIdentity    = (*apiVersionResource)(nil)
	_ protocol.ReadFetcher             = (*apiVersionResource)(nil)
)

// NewAPIVersionResource is the platform_api_version resource.
func NewAPIVersionResource() resource.Resource { return &apiVersionResource{} }

type apiVersionResource struct {
	data *providerData
}

func (r *apiVersionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_version"
}

func (r *apiVersionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = apiVersionSchema()
}

func (r *apiVersionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configured(req.ProviderData, &resp.Diagnostics)
}

func (r *apiVersionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiVersionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c, _, d := r.data.catalog()
	resp.Diagnostics.Append(d...)
	body, d := plan.toWire(ctx)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	apiID := plan.APIID.ValueString()
	fctx, done := c.Finish(ctx)
	defer done()
	created, err := c.CreateVersionOnce(fctx, apiID, body)
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(path.Root("api_id"), "API not found",
			fmt.Sprintf("The platform has no API %s to add version %q to.", apiID, body.Name))
		return
	}
	th := createdThing{resourceType: "platform_api_version", noun: "version",
		action: fmt.Sprintf("adding version %q to API %s", body.Name, apiID), conflictAt: path.Root("name")}
	if reportCreate(&resp.Diagnostics, th, err, created != nil) {
		storeVersion(ctx, apiVersionFromWire(created, &plan), &resp.State, resp.Identity, &resp.Diagnostics)
	}
}

// storeVersion records m as the state, with its identity.
func storeVersion(ctx context.Context, m *apiVersionModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	store(ctx, m, m.identity(), state, identity, diags)
}

func (r *apiVersionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiVersionModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	v, read, err := r.fetch(ctx, id, &resp.Diagnostics)
	switch {
	case !read:
		return
	case errors.Is(err, client.ErrNotFound) && state.Name.IsNull() && !listing(ctx):
		// Only an import reads a state with no name: its ID names no version.
		c, _, _ := r.data.catalog()
		addVersionImportNotFound(ctx, c, id, &resp.Diagnostics)
		return
	case errors.Is(err, client.ErrNotFound):
		if !state.Name.IsNull() {
			r.data.markGone(goneKey(versionType, state.APIID.ValueString(), state.Name.ValueString()))
		}
		removed(ctx, resp, state.identity())
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "reading API version "+id, err)
		return
	}
	storeVersion(ctx, apiVersionFromWire(v, &state), &resp.State, resp.Identity, &resp.Diagnostics)
}

// fetch makes the read of a refresh of version id. Read and FetchReads both
// read through it, so that the fast read of internal/protocol sends exactly
// the request Read sends. read is false when a credential is missing or
// unknown, and nothing was read.
func (r *apiVersionResource) fetch(ctx context.Context, id string, diags *diag.Diagnostics) (v *wire.APIVersion, read bool, err error) {
	c, ok, d := r.data.catalog()
	if diags.Append(d...); !ok {
		return nil, false, nil
	}
	v, err = c.GetVersion(ctx, id)
	return v, true, err
}

// FetchReads makes the reads Read makes for state (protocol.ReadFetcher).
func (r *apiVersionResource) FetchReads(ctx context.Context, state tfsdk.State) bool {
	var id types.String
	diags := state.GetAttribute(ctx, path.Root("id"), &id)
	if diags.HasError() {
		return false
	}
	_, read, _ := r.fetch(ctx, id.ValueString(), &diags)
	return read
}

func (r *apiVersionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state apiVersionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, _, d := r.data.catalog()
	resp.Diagnostics.Append(d...)
	body, d := plan.toWire(ctx)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	updated, err := c.UpdateVersion(ctx, id, body)
	if err != nil {
		addClientError(&resp.Diagnostics, "updating API version "+id, err)
		return
	}
	storeVersion(ctx, apiVersionFromWire(updated, &plan), &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete deletes the version, but never the API's last one: the platform
// would delete the API with it (wire/PROTOCOL.md §1.5), which is not what
// destroying a version means. The versions list tells, at the cost of one
// read before the write.
func (r *apiVersionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiVersionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, _, d := r.data.catalog()
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	id, apiID := state.ID.ValueString(), state.APIID.ValueString()
	versions, err := c.ListVersions(ctx, apiID)
	switch {
	case errors.Is(err, client.ErrNotFound):
		return // the API is gone, and its versions with it
	case err != nil:
		addClientError(&resp.Diagnostics, fmt.Sprintf("listing the versions of API %s before deleting version %s", apiID, id), err)
		return
	}
	ids := versionIDs(versions)
	if !slices.Contains(ids, id) {
		return
	}
	if len(ids) == 1 {
		resp.Diagnostics.AddError("Cannot delete the API's last version",
			fmt.Sprintf("Version %q (%s) is the only version of API %s, and the platform deletes an API together with "+
				"its last version. Destroy the API instead (its platform_api resource), or stop managing this version "+
				"without deleting it: remove it from the configuration with a removed block (Terraform 1.7+, OpenTofu "+
				"1.7+) or run terraform state rm on it.", state.Name.ValueString(), id, apiID))
		return
	}
	if err := c.DeleteVersion(ctx, id); err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "deleting API version "+id, err)
	}
}

func versionIDs(items []wire.APIListItem) []string {
	ids := make([]string, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.GUID)
	}
	return ids
}

// ImportState takes the version's ID, from an import ID or an identity; the
// read that follows fills in everything else, api_id included.
func (r *apiVersionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID(ctx, req, resp, "the version's ID (APIVersionID), as platform_api's version_id or the data source "+
		"platform_api_versions shows it")
}

func (r *apiVersionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true,
			Description: "The version's ID (APIVersionID)."},
	}}
}
