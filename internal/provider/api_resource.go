package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

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
	_ resource.ResourceWithConfigure   = (*apiResource)(nil)
	_ resource.ResourceWithImportState = (*apiResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*apiResource)(nil)
	_ resource.ResourceWithIdentity    = (*apiResource)(nil)
	_ protocol.ReadFetcher             = (*apiResource)(nil)
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

func (r *apiResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configured(req.ProviderData, &resp.Diagnostics)
}

func (r *apiResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c, _, d := r.data.catalog()
	resp.Diagnostics.Append(d...)
	body, d := plan.toWire(ctx)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	// A create is carried through when Terraform asks the provider to
	// stop, so that what the platform made is in state.
	fctx, done := c.Finish(ctx)
	defer done()
	created, err := c.CreateAPIOnce(fctx, body)
	th := createdThing{resourceType: "platform_api", noun: "API", action: fmt.Sprintf("creating API %q", body.Name),
		conflictAt: path.Root("name")}
	if reportCreate(&resp.Diagnostics, th, err, created != nil) {
		storeAPI(ctx, apiFromWire(created, created.APIVersion, &plan), &resp.State, resp.Identity, &resp.Diagnostics)
	}
}

// storeAPI records m as the state, with its identity.
func storeAPI(ctx context.Context, m *apiModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	store(ctx, m, m.identity(), state, identity, diags)
}

func (r *apiResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	reads, ok := r.fetch(ctx, state.ID.ValueString(), state.VersionID, &resp.Diagnostics)
	switch {
	case !ok:
		return
	case reads.api == nil && errors.Is(reads.err, client.ErrNotFound) && state.Name.IsNull() && !listing(ctx):
		// Only an import reads a state with no name: its ID names no API.
		c, _, _ := r.data.catalog()
		addAPIImportNotFound(ctx, c, state.ID.ValueString(), &resp.Diagnostics)
		return
	case reads.api == nil && errors.Is(reads.err, client.ErrNotFound):
		removed(ctx, resp, state.identity())
		return
	case reads.err != nil:
		addClientError(&resp.Diagnostics, reads.failed, reads.err)
		return
	}
	storeAPI(ctx, apiFromWire(reads.api, reads.own, &state), &resp.State, resp.Identity, &resp.Diagnostics)
}

// apiReads is what a refresh of an API read: the API and the version the
// resource manages; failed names the read that failed with err.
type apiReads struct {
	api    *wire.API
	own    *wire.APIVersion
	failed string
	err    error
}

// fetch makes the reads of a refresh of API id, whose own version is
// versionID. Read and FetchReads both read through it, so that the fast
// read of internal/protocol sends exactly the requests Read sends. ok is
// false when a credential is missing or unknown, and nothing was read.
func (r *apiResource) fetch(ctx context.Context, id string, versionID types.String, diags *diag.Diagnostics) (reads apiReads, ok bool) {
	c, ok, d := r.data.catalog()
	if diags.Append(d...); !ok {
		return reads, false
	}
	if reads.api, reads.err = c.GetAPI(ctx, id); reads.err != nil {
		reads.failed = "reading API " + id
		return reads, true
	}
	if reads.own, reads.err = ownVersion(ctx, c, reads.api, versionID); reads.err != nil {
		reads.failed = fmt.Sprintf("reading version %s of API %s", versionID.ValueString(), id)
	}
	return reads, true
}

// FetchReads makes the reads Read makes for state (protocol.ReadFetcher).
func (r *apiResource) FetchReads(ctx context.Context, state tfsdk.State) bool {
	var id, versionID types.String
	diags := state.GetAttribute(ctx, path.Root("id"), &id)
	diags.Append(state.GetAttribute(ctx, path.Root("version_id"), &versionID)...)
	if diags.HasError() {
		return false
	}
	_, ok := r.fetch(ctx, id.ValueString(), versionID, &diags)
	return ok
}

// ownVersion is the version the resource manages: the API's latest as GET
// shows it when that is the one (or when none is known yet, after import),
// else a read of its own (wire/PROTOCOL.md §1.5). Versions other teams add,
// change or delete are never shown. nil means the version is gone, and the
// plan adds it again.
func ownVersion(ctx context.Context, c *client.Client, api *wire.API, versionID types.String) (*wire.APIVersion, error) {
	vid := versionID.ValueString()
	if vid == "" || (api.APIVersion != nil && api.APIVersion.APIVersionID == vid) {
		return api.APIVersion, nil
	}
	v, err := c.GetVersion(ctx, vid)
	if errors.Is(err, client.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

func (r *apiResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state apiModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, _, d := r.data.catalog()
	resp.Diagnostics.Append(d...)
	body, d := plan.toWire(ctx)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	updated, err := c.UpdateAPI(ctx, id, body)
	if err != nil {
		addClientError(&resp.Diagnostics, "updating API "+id, err)
		return
	}
	own, err := writtenVersion(ctx, c, updated, body.APIVersion.Name, state)
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("reading back version %q of API %s", body.APIVersion.Name, id), err)
		return
	}
	storeAPI(ctx, apiFromWire(updated, own, &plan), &resp.State, resp.Identity, &resp.Diagnostics)
}

// writtenVersion is the version an update wrote. The body's version name
// chose it (wire/PROTOCOL.md §1.3); a platform that answers with its latest
// version instead shows another name, and the written one, which kept its
// name and so its ID, is read by that ID.
func writtenVersion(ctx context.Context, c *client.Client, updated *wire.API, name string, state apiModel) (*wire.APIVersion, error) {
	if updated.APIVersion != nil && updated.APIVersion.Name == name {
		return updated.APIVersion, nil
	}
	if state.Version == nil || state.Version.Name.ValueString() != name || state.VersionID.ValueString() == "" {
		return nil, fmt.Errorf("the platform answered with version %q, not the version %q it was sent", nameOf(updated.APIVersion), name)
	}
	return c.GetVersion(ctx, state.VersionID.ValueString())
}

func nameOf(v *wire.APIVersion) string {
	if v == nil {
		return ""
	}
	return v.Name
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

// ImportState takes the API's ID, from an import ID or an identity; the
// resource then manages the API's latest version. An import ID of the form
// APIID/APIVersionID names the version to manage instead, so that an API
// whose own version is not its latest (a platform_api_version added a newer
// one) imports to a state that plans clean.
func (r *apiResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	apiID, versionID, withVersion := strings.Cut(req.ID, "/")
	if !withVersion {
		importID(ctx, req, resp, "the API's ID (APIID), e.g. api18969.acmepaymentscorp, or APIID/APIVersionID")
		return
	}
	if apiID == "" || versionID == "" || strings.Contains(versionID, "/") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected the API's ID (APIID), e.g. api18969.acmepaymentscorp, or APIID/APIVersionID to manage "+
				"a version other than the latest; got: %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), apiID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("version_id"), versionID)...)
	setIdentity(ctx, resp.Identity, &idIdentity{ID: types.StringValue(apiID)}, &resp.Diagnostics)
}

// idIdentity identifies a resource by its platform ID for import blocks with
// identity (Terraform 1.12+, OpenTofu 1.12): platform_api by its APIID,
// platform_api_version by its APIVersionID.
type idIdentity struct {
	ID types.String `tfsdk:"id"`
}

func (r *apiResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true,
			Description: "The API's ID (APIID), e.g. api18969.acmepaymentscorp."},
	}}
}
