package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/openapi"
	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var (
	_ resource.ResourceWithConfigure      = (*apiProxyResource)(nil)
	_ resource.ResourceWithImportState    = (*apiProxyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*apiProxyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*apiProxyResource)(nil)
	_ resource.ResourceWithIdentity       = (*apiProxyResource)(nil)
	_ protocol.ReadFetcher                = (*apiProxyResource)(nil)
)

// NewAPIProxyResource is the platform_api_proxy resource.
func NewAPIProxyResource() resource.Resource { return &apiProxyResource{} }

type apiProxyResource struct {
	data *providerData
}

func (r *apiProxyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_proxy"
}

func (r *apiProxyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = apiProxySchema()
}

func (r *apiProxyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configured(req.ProviderData, &resp.Diagnostics)
}

// Create uploads the document (or sends its URL) and deploys the proxy in
// the same request. Only a URL's proxy is read back: the plan already
// holds everything else the platform reports of a document's.
func (r *apiProxyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiProxyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c, _, d := r.data.apiops()
	resp.Diagnostics.Append(d...)
	meta, src, d := r.write(ctx, &plan, environments(plan.DeployEnvironments))
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	project, name := plan.names()
	// A create is carried through when Terraform asks the provider to
	// stop, so that what the platform made is in state.
	fctx, done := c.Finish(ctx)
	defer done()
	outcomes, err := c.CreateAPIProxy(fctx, project, meta, src)
	if err != nil {
		reportProxyCreate(&resp.Diagnostics, project, name, err)
		return
	}
	r.finish(fctx, c, &plan, outcomes, "created", &resp.Diagnostics)
	store(ctx, &plan, plan.identity(), &resp.State, resp.Identity, &resp.Diagnostics)
}

// write is the metadata and the specification of a create or re-parse of
// m that deploys to envs.
func (r *apiProxyResource) write(ctx context.Context, m *apiProxyResourceModel, envs []string) (wire.SpecProxyMetadata, client.ProxySource, diag.Diagnostics) {
	var spec openapi.Spec
	var diags diag.Diagnostics
	if !m.fromURL() {
		doc, ok := checkSpecification(m.Specification, &diags)
		if !ok && !diags.HasError() {
			diags.AddAttributeError(path.Root("specification"), "Specification not known",
				"The document is not known at apply time. This is a bug in the provider; please report it.")
		}
		spec = doc.spec
	}
	meta, d := m.toWire(ctx, spec, envs)
	diags.Append(d...)
	return meta, m.source(), diags
}

// finish completes m after a write: a URL's proxy is read back for the
// operations the platform parsed, and an environment whose deployment
// failed is left out, with an error, so that the next plan deploys there
// again.
func (r *apiProxyResource) finish(ctx context.Context, c *client.Client, m *apiProxyResourceModel, outcomes []client.DeployOutcome, did string, diags *diag.Diagnostics) {
	id := routingID(m.names())
	if m.Operations.IsUnknown() {
		px, err := c.GetAPIProxy(ctx, m.ProjectName.ValueString(), m.Name.ValueString())
		if err != nil {
			addClientError(diags, "reading back API proxy "+id, err)
			m.Operations = types.SetNull(types.StringType)
		} else {
			m.fromWire(px)
		}
	}
	envs := environments(m.DeployEnvironments)
	for _, o := range outcomes {
		if o.Deployed {
			continue
		}
		envs = slices.DeleteFunc(envs, func(env string) bool { return env == o.Environment })
		diags.AddAttributeError(path.Root("deploy_environments"), "Deployment to "+o.Environment+" failed",
			fmt.Sprintf("API proxy %s was %s, but deploying it to environment %q failed: %s Traffic there still uses "+
				"the previous deployment, if any. %s", id, did, o.Environment, sentence(o.Message), retryDeploy(did, o.Environment)))
	}
	if len(envs) < len(environments(m.DeployEnvironments)) {
		m.DeployEnvironments = environmentSet(envs)
	}
}

// retryDeploy says what the next apply does after a deployment failed in
// a write that did what did says. A create that ends in an error leaves the
// proxy tainted, and replacing it would undeploy it everywhere first.
func retryDeploy(did, env string) string {
	if did != "created" {
		return fmt.Sprintf("The next plan shows %q again, and the next apply deploys there once more.", env)
	}
	return fmt.Sprintf("Terraform marks the proxy tainted, so the next apply would replace it: delete it, which "+
		"undeploys it from every environment, and create it again. To keep it and deploy to %q alone, run "+
		"`terraform untaint` with its address first; the next plan then shows %q again.", env, env)
}

// reportProxyCreate turns a create's error into diagnostics.
func reportProxyCreate(diags *diag.Diagnostics, project, name string, err error) {
	var exists *client.ProxyExistsError
	var unknownEnv *client.UnknownEnvironmentError
	var unconfirmed *client.UnconfirmedError
	switch {
	case errors.As(err, &exists):
		addProxyExistsError(diags, project, name)
	case errors.As(err, &unknownEnv):
		diags.AddAttributeError(path.Root("deploy_environments"), "Unknown environment",
			fmt.Sprintf("Project %q has no environment %q, so API proxy %s was not created. Remove it from "+
				"deploy_environments.", project, unknownEnv.Environment, routingID(project, name)))
	case errors.As(err, &unconfirmed):
		diags.AddError("API proxy creation not confirmed",
			fmt.Sprintf("Terraform stopped while the platform had not answered the create of API proxy %s, and looking "+
				"for it by name did not find it in time. The platform may still make it. Run terraform apply again: if "+
				"the plan then reports that the proxy already exists, import it as that error shows.", routingID(project, name)))
	default:
		addClientError(diags, "creating API proxy "+routingID(project, name), err)
	}
}

func (r *apiProxyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiProxyResourceModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	project, name := state.names()
	read, ok := r.fetch(ctx, project, name, &resp.Diagnostics)
	px := read.px
	switch {
	case !ok:
		return
	case errors.Is(read.err, client.ErrNotFound):
		removed(ctx, resp, state.identity())
		return
	case read.err != nil:
		addClientError(&resp.Diagnostics, "reading API proxy "+routingID(project, name), read.err)
		return
	case px.EndpointList == nil || px.APIType == aiProxyType:
		resp.Diagnostics.AddError("Not an API proxy made from a specification",
			fmt.Sprintf("API proxy %s is a %s proxy the platform did not make from an OpenAPI document (it reports no "+
				"operations for it), and platform_api_proxy manages only those. Manage its routing with "+
				"platform_proxy_routing, or remove this resource from the state (terraform state rm).",
				routingID(project, name), px.APIType))
		return
	}
	prior := state.Operations
	state.fromWire(px)
	if state.fromURL() && !prior.IsNull() && !prior.Equal(state.Operations) {
		// The operations are no longer those the URL's document gave at
		// the last apply, and the provider does not read the URL: the
		// state forgets it, so that the plan re-parses from it.
		state.SpecificationURL = types.StringNull()
	}
	store(ctx, &state, state.identity(), &resp.State, resp.Identity, &resp.Diagnostics)
}

// apiProxyReads is what a refresh of a proxy read: the proxy, or err.
type apiProxyReads struct {
	px  *wire.APIProxy
	err error
}

// fetch makes the one read of a refresh of project/name. Read and
// FetchReads both read through it, so that the fast read of
// internal/protocol sends exactly the request Read sends. ok is false when
// the token is missing or unknown, and nothing was read.
func (r *apiProxyResource) fetch(ctx context.Context, project, name string, diags *diag.Diagnostics) (reads apiProxyReads, ok bool) {
	c, ok, d := r.data.apiops()
	if diags.Append(d...); !ok {
		return reads, false
	}
	reads.px, reads.err = c.GetAPIProxy(ctx, project, name)
	return reads, true
}

// FetchReads makes the reads Read makes for state (protocol.ReadFetcher).
func (r *apiProxyResource) FetchReads(ctx context.Context, state tfsdk.State) bool {
	var project, name types.String
	diags := state.GetAttribute(ctx, path.Root("project_name"), &project)
	diags.Append(state.GetAttribute(ctx, path.Root("name"), &name)...)
	if diags.HasError() {
		return false
	}
	_, ok := r.fetch(ctx, project.ValueString(), name.ValueString(), &diags)
	return ok
}

// Update re-parses the proxy when the plan says so (see reparses), and
// deploys it to every environment of deploy_environments then; otherwise
// it deploys only to the environments the plan adds, or records the plan.
func (r *apiProxyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state apiProxyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, _, d := r.data.apiops()
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	project, name := plan.names()
	id := routingID(project, name)
	envs := environments(plan.DeployEnvironments)
	reparse := reparses(&plan, &state, plan.Operations)
	if !reparse {
		deployed := environments(state.DeployEnvironments)
		envs = slices.DeleteFunc(envs, func(env string) bool { return slices.Contains(deployed, env) })
	}
	fctx, done := c.Finish(ctx)
	defer done()
	var outcomes []client.DeployOutcome
	var err error
	switch {
	case reparse:
		meta, src, d := r.write(ctx, &plan, envs)
		if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() || !keepHosts(fctx, c, &meta, &plan, &state, &resp.Diagnostics) {
			return
		}
		outcomes, err = c.ReparseAPIProxy(fctx, project, meta, src)
	case len(envs) > 0:
		outcomes, err = c.ApplyRouting(fctx, project, name, client.RoutingChange{Deploy: envs})
	}
	var unknownEnv *client.UnknownEnvironmentError
	switch {
	case errors.As(err, &unknownEnv):
		resp.Diagnostics.AddAttributeError(path.Root("deploy_environments"), "Unknown environment",
			fmt.Sprintf("Project %q has no environment %q, so API proxy %s was not re-parsed. Remove it from "+
				"deploy_environments.", project, unknownEnv.Environment, id))
		return
	case err != nil && reparse:
		addClientError(&resp.Diagnostics, "re-parsing API proxy "+id, err)
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "deploying API proxy "+id, err)
		return
	}
	if !reparse && plan.Operations.IsUnknown() {
		plan.Operations = state.Operations
	}
	did := "updated"
	if reparse {
		did = "re-parsed"
	}
	r.finish(fctx, c, &plan, outcomes, did, &resp.Diagnostics)
	store(ctx, &plan, plan.identity(), &resp.State, resp.Identity, &resp.Diagnostics)
}

// keepHosts makes a re-parse keep the proxy's host names, which the
// provider does not manage: the platform replaces the routes whole when a
// re-parse sends them (§2.9), so they are sent only when relative_paths
// changes, then with the host names the platform reports.
func keepHosts(ctx context.Context, c *client.Client, meta *wire.SpecProxyMetadata, plan, state *apiProxyResourceModel, diags *diag.Diagnostics) bool {
	if plan.RelativePaths.Equal(state.RelativePaths) {
		meta.ClientRoute = nil
		return true
	}
	px, err := c.GetAPIProxy(ctx, plan.ProjectName.ValueString(), plan.Name.ValueString())
	if err != nil {
		addClientError(diags, "reading the host names of API proxy "+routingID(plan.names())+" before changing its relative paths", err)
		return false
	}
	if px.ClientRoute != nil {
		meta.ClientRoute.HostList = px.ClientRoute.HostList
	}
	return true
}

// Delete deletes the proxy, which the platform then undeploys from every
// environment of the project; an environment where that failed is told in
// a warning, since the delete stands.
func (r *apiProxyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiProxyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, _, d := r.data.apiops()
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	project, name := state.names()
	outcomes, err := c.DeleteAPIProxy(ctx, project, name)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "deleting API proxy "+routingID(project, name), err)
		return
	}
	var failed []string
	for _, o := range outcomes {
		if !o.Undeployed {
			failed = append(failed, fmt.Sprintf("%s (%s)", o.Environment, strings.TrimSuffix(o.Message, ".")))
		}
	}
	if len(failed) > 0 {
		resp.Diagnostics.AddWarning("API proxy deleted, not undeployed everywhere",
			fmt.Sprintf("API proxy %s was deleted, but undeploying it failed in: %s. Its last deployment there may "+
				"still take traffic on its relative paths until that environment is deployed again.",
				routingID(project, name), strings.Join(failed, "; ")))
	}
}

// ImportState takes project_name/name as an import ID, or the two names as
// an identity. The import reads everything but the document, which the
// platform does not report.
func (r *apiProxyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	project, name, ok := strings.Cut(req.ID, "/")
	ok = ok && !strings.Contains(name, "/")
	if req.ID == "" && req.Identity != nil {
		var identity apiProxyIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		project, name, ok = identity.ProjectName.ValueString(), identity.Name.ValueString(), true
	}
	if !ok || project == "" || name == "" {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected an import ID of the form project_name/name, e.g. ecommerce/orders-api, or an identity "+
				"with both names; got: %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), routingID(project, name))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project_name"), project)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	setIdentity(ctx, resp.Identity, &apiProxyIdentity{ProjectName: types.StringValue(project), Name: types.StringValue(name)}, &resp.Diagnostics)
}

// apiProxyIdentity identifies a platform_api_proxy: its project and name.
type apiProxyIdentity struct {
	ProjectName types.String `tfsdk:"project_name"`
	Name        types.String `tfsdk:"name"`
}

func (r *apiProxyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"project_name": identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the project that holds the API proxy."},
		"name":         identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the API proxy."},
	}}
}
