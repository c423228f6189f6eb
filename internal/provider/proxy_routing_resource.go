package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

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
	_ resource.ResourceWithConfigure      = (*proxyRoutingResource)(nil)
	_ resource.ResourceWithImportState    = (*proxyRoutingResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*proxyRoutingResource)(nil)
	_ resource.ResourceWithValidateConfig = (*proxyRoutingResource)(nil)
	_ resource.ResourceWithIdentity       = (*proxyRoutingResource)(nil)
	_ protocol.ReadFetcher                = (*proxyRoutingResource)(nil)
)

// NewProxyRoutingResource is the platform_proxy_routing resource.
func NewProxyRoutingResource() resource.Resource { return &proxyRoutingResource{} }

type proxyRoutingResource struct {
	data *providerData
}

func (r *proxyRoutingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_proxy_routing"
}

func (r *proxyRoutingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = proxyRoutingSchema()
}

func (r *proxyRoutingResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configured(req.ProviderData, &resp.Diagnostics)
}

func (r *proxyRoutingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan proxyRoutingModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	change, d := routingChange(ctx, &plan, nil)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	wait, d := plan.Timeouts.Create(ctx, liveRoutesTimeout)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	sent, _ := routingAddresses(ctx, plan.RoutingAddresses)
	if r.apply(ctx, &plan, change, wait, &resp.Diagnostics) {
		store(ctx, &plan, plan.identity(), &resp.State, resp.Identity, &resp.Diagnostics)
		recordSent(ctx, resp.Private, sent, &resp.Diagnostics)
	}
}

func (r *proxyRoutingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state proxyRoutingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	change, d := routingChange(ctx, &plan, &state)
	resp.Diagnostics.Append(d...)
	wait, d := plan.Timeouts.Update(ctx, liveRoutesTimeout)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	sent, _ := routingAddresses(ctx, plan.RoutingAddresses)
	if r.apply(ctx, &plan, change, wait, &resp.Diagnostics) {
		store(ctx, &plan, plan.identity(), &resp.State, resp.Identity, &resp.Diagnostics)
		if change.Addresses != nil {
			recordSent(ctx, resp.Private, sent, &resp.Diagnostics)
		}
	}
}

// routingChange is what an apply must do to go from state (nil on create)
// to plan. A settings write makes every deployed environment stale, so it
// deploys to the whole set; without one, only environments the state does
// not count as deployed are deployed.
func routingChange(ctx context.Context, plan, state *proxyRoutingModel) (client.RoutingChange, diag.Diagnostics) {
	var ch client.RoutingChange
	addrs, diags := routingAddresses(ctx, plan.RoutingAddresses)
	if state == nil || !plan.RoutingAddresses.Equal(state.RoutingAddresses) {
		ch.Addresses = addressesToWire(addrs)
	}
	if !plan.RoutingEnabled.IsNull() && (state == nil || !plan.RoutingEnabled.Equal(state.RoutingEnabled)) {
		enabled := plan.RoutingEnabled.ValueBool()
		ch.RoutingEnabled = &enabled
	}
	ch.Deploy = environments(plan.DeployEnvironments)
	if state != nil && ch.Addresses == nil && ch.RoutingEnabled == nil {
		deployed := environments(state.DeployEnvironments)
		ch.Deploy = slices.DeleteFunc(ch.Deploy, func(env string) bool { return slices.Contains(deployed, env) })
	}
	return ch, diags
}

// apply saves and deploys change, then reads the proxy back into m, and
// with wait_for_live_routes waits up to wait for the routes it deployed. It
// reports whether m should be stored: true also when a deployment failed,
// because what was saved stays saved; that environment is left out of m so
// that the next plan deploys it again.
func (r *proxyRoutingResource) apply(ctx context.Context, m *proxyRoutingModel, change client.RoutingChange, wait time.Duration, diags *diag.Diagnostics) bool {
	c, _, d := r.data.apiops()
	sent, d2 := routingAddresses(ctx, m.RoutingAddresses)
	if diags.Append(append(d, d2...)...); diags.HasError() {
		return false
	}
	project, proxy := m.names()
	id := routingID(project, proxy)
	// A routing change, deployments included, is carried through and read
	// back when Terraform asks the provider to stop: a deploying write may
	// not be repeated blindly, so the state must record what it did.
	fctx, done := c.Finish(ctx)
	defer done()
	outcomes, err := c.ApplyRouting(fctx, project, proxy, change)
	if err != nil {
		addRoutingError(fctx, c, diags, "changing the routing of API proxy "+id, project, proxy, err)
		return false
	}
	px, err := c.GetAPIProxy(fctx, project, proxy)
	if err != nil {
		addClientError(diags, "reading back API proxy "+id, err)
		return false
	}
	m.fromWire(px, sent)
	m.DeployEnvironments = withoutFailed(m.DeployEnvironments, outcomes, id, diags)
	if m.WaitForLiveRoutes.ValueBool() {
		m.DeployEnvironments = waitForLiveRoutes(ctx, c, project, proxy, deployedIn(outcomes), m.DeployEnvironments, wait, diags)
	}
	return true
}

// addRoutingError explains a refused routing write. An AI proxy's routing is
// managed elsewhere (wire/PROTOCOL.md §2.7): its 400 is told as such, which
// costs one read on that error path only.
func addRoutingError(ctx context.Context, c *client.Client, diags *diag.Diagnostics, action, project, proxy string, err error) {
	if client.StatusCode(err) == http.StatusBadRequest {
		if px, gerr := c.GetAPIProxy(ctx, project, proxy); gerr == nil && px.APIType == aiProxyType {
			addAIProxyError(diags, routingID(project, proxy))
			return
		}
	}
	addClientError(diags, action, err)
}

// aiProxyType is the apiType of LLM gateways, whose routing is not ours.
const aiProxyType = "AI"

func addAIProxyError(diags *diag.Diagnostics, id string) {
	diags.AddAttributeError(path.Root("api_proxy_name"), "AI proxy routing is not managed here",
		fmt.Sprintf("API proxy %s is an AI proxy (an LLM gateway). The platform routes AI proxies through its "+
			"ai-routing settings, which platform_proxy_routing does not manage. Point this resource at a REST or SOAP "+
			"proxy, or remove it.", id))
}

func deployedIn(outcomes []client.DeployOutcome) []string {
	var envs []string
	for _, o := range outcomes {
		if o.Deployed {
			envs = append(envs, o.Environment)
		}
	}
	return envs
}

// withoutFailed removes from envs each environment whose deployment failed,
// with an error naming it and the platform's message.
func withoutFailed(envs types.Set, outcomes []client.DeployOutcome, id string, diags *diag.Diagnostics) types.Set {
	names := environments(envs)
	failed := false
	for _, o := range outcomes {
		if o.Deployed {
			continue
		}
		failed = true
		names = slices.DeleteFunc(names, func(env string) bool { return env == o.Environment })
		diags.AddAttributeError(path.Root("deploy_environments"), "Deployment to "+o.Environment+" failed",
			fmt.Sprintf("The routing of API proxy %s was saved, but deploying it to environment %q failed: %s "+
				"Traffic there still uses the previous deployment. The next plan shows %q again, and the next apply "+
				"deploys there once more.", id, o.Environment, sentence(o.Message), o.Environment))
	}
	if !failed {
		return envs
	}
	return environmentSet(names)
}

func (r *proxyRoutingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state proxyRoutingModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	prior, d := routingAddresses(ctx, state.RoutingAddresses)
	resp.Diagnostics.Append(d...)
	project, proxy := state.names()
	reads, ok := r.fetch(ctx, project, proxy, state.DeployEnvironments, &resp.Diagnostics)
	switch {
	case !ok:
		return
	case reads.px == nil && errors.Is(reads.err, client.ErrNotFound):
		r.data.markGone(goneKey(routingType, project, proxy))
		removed(ctx, resp, state.identity())
		return
	case reads.err != nil:
		addClientError(&resp.Diagnostics, reads.failed, reads.err)
		return
	case reads.px.APIType == aiProxyType:
		addAIProxyError(&resp.Diagnostics, routingID(project, proxy))
		return
	}
	if state.RoutingAddresses.IsNull() {
		warnUnreadSettings(routingID(project, proxy), reads.px, &resp.Diagnostics)
	}
	state.fromWire(reads.px, prior)
	state.DeployEnvironments = reads.live
	store(ctx, &state, state.identity(), &resp.State, resp.Identity, &resp.Diagnostics)
}

// warnUnreadSettings is the warning of an import (the only read of a state
// with no address list) from the routing vendor's current release, whose
// answers carry a deploymentList and never an address's role, description
// or health check path (wire/PROTOCOL.md §2.7): it lists the addresses
// whose settings it could not read. Older managers keep none of them.
func warnUnreadSettings(id string, px *wire.APIProxy, diags *diag.Diagnostics) {
	if px.DeploymentList == nil || len(px.Routing.RoutingAddressList) == 0 {
		return
	}
	lines := make([]string, 0, len(px.Routing.RoutingAddressList))
	soap := px.APIType == "SOAP"
	for i, a := range px.Routing.RoutingAddressList {
		if a.AddressType != "" && a.Description != "" && a.HealthCheckPath != "" && (!soap || a.SoapType != "") {
			continue
		}
		lines = append(lines, fmt.Sprintf("- routing_address[%d] %q", i, a.Address))
	}
	if len(lines) == 0 {
		return
	}
	unread, sends, set := "address roles, descriptions or health check paths", "", ""
	if soap {
		unread = "address roles, descriptions, health check paths or SOAP versions"
		sends, set = " and SOAP11 where soap_type is unset (the state shows SOAP11 for each: a default, not a reading)", ", soap_type"
	}
	diags.AddWarning("Address settings the import could not read",
		fmt.Sprintf("The platform does not report %s, so the import of "+
			"the routing of API proxy %s could not read them for:\n\n%s\n\nThe imported state and a configuration "+
			"written by -generate-config-out leave them unset, and the first apply that changes this routing's addresses "+
			"sends each of them as PRIMARY, with no description and no health check path%s. Before that apply, set "+
			"address_type (and description, health_check_path%s) on every address that is not a plain PRIMARY one on "+
			"the platform.", unread, id, strings.Join(lines, "\n"), sends, set))
}

// routingReads is what a refresh of a routing read: the proxy, and the
// environments of the set where its saved routing runs; failed names the
// read that failed with err.
type routingReads struct {
	px     *wire.APIProxy
	live   types.Set
	failed string
	err    error
}

// fetch makes the reads of a refresh of the routing of project/proxy
// deployed to envs. Read and FetchReads both read through it, so that the
// fast read of internal/protocol sends exactly the requests Read sends. ok
// is false when the token is missing or unknown, and nothing was read.
func (r *proxyRoutingResource) fetch(ctx context.Context, project, proxy string, envs types.Set, diags *diag.Diagnostics) (reads routingReads, ok bool) {
	c, ok, d := r.data.apiops()
	if diags.Append(d...); !ok {
		return reads, false
	}
	id := routingID(project, proxy)
	if reads.px, reads.err = c.GetAPIProxy(ctx, project, proxy); reads.err != nil {
		reads.failed = "reading API proxy " + id
		return reads, true
	}
	if reads.px.APIType == aiProxyType {
		return reads, true
	}
	if reads.live, reads.err = liveEnvironments(ctx, c, project, proxy, reads.px, envs); reads.err != nil {
		reads.failed = "reading the deployments of API proxy " + id
	}
	return reads, true
}

// FetchReads makes the reads Read makes for state (protocol.ReadFetcher).
func (r *proxyRoutingResource) FetchReads(ctx context.Context, state tfsdk.State) bool {
	var project, proxy types.String
	var envs types.Set
	diags := state.GetAttribute(ctx, path.Root("project_name"), &project)
	diags.Append(state.GetAttribute(ctx, path.Root("api_proxy_name"), &proxy)...)
	diags.Append(state.GetAttribute(ctx, path.Root("deploy_environments"), &envs)...)
	if diags.HasError() {
		return false
	}
	_, ok := r.fetch(ctx, project.ValueString(), proxy.ValueString(), envs, &diags)
	return ok
}

// liveEnvironments keeps the environments of envs where the saved routing
// is what runs; an environment where it is not, or that does not exist, is
// left out so that the plan deploys there again.
func liveEnvironments(ctx context.Context, c *client.Client, project, proxy string, px *wire.APIProxy, envs types.Set) (types.Set, error) {
	names := environments(envs)
	if len(names) == 0 {
		return envs, nil
	}
	live := make([]string, 0, len(names))
	for _, env := range names {
		current, err := c.Current(ctx, project, proxy, env, px)
		if errors.Is(err, client.ErrNotFound) {
			continue
		}
		if err != nil {
			return envs, err
		}
		if current {
			live = append(live, env)
		}
	}
	return environmentSet(live), nil
}

func (r *proxyRoutingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state proxyRoutingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, _, d := r.data.apiops()
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	project, proxy := state.names()
	err := c.ClearAddresses(ctx, project, proxy)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "clearing the routing addresses of API proxy "+routingID(project, proxy), err)
	}
}

// ImportState takes project_name/api_proxy_name as an import ID, or the
// two names as an identity.
func (r *proxyRoutingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	project, proxy, ok := strings.Cut(req.ID, "/")
	ok = ok && !strings.Contains(proxy, "/")
	if req.ID == "" && req.Identity != nil {
		var identity routingIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		project, proxy, ok = identity.ProjectName.ValueString(), identity.APIProxyName.ValueString(), true
	}
	if !ok || project == "" || proxy == "" {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected an import ID of the form project_name/api_proxy_name, e.g. ecommerce/orders-api, "+
				"or an identity with both names; got: %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), routingID(project, proxy))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project_name"), project)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("api_proxy_name"), proxy)...)
	setIdentity(ctx, resp.Identity, &routingIdentity{ProjectName: types.StringValue(project), APIProxyName: types.StringValue(proxy)}, &resp.Diagnostics)
}

// routingIdentity identifies a platform_proxy_routing: its project and proxy.
type routingIdentity struct {
	ProjectName  types.String `tfsdk:"project_name"`
	APIProxyName types.String `tfsdk:"api_proxy_name"`
}

func (r *proxyRoutingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"project_name":   identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the project that holds the API proxy."},
		"api_proxy_name": identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the API proxy."},
	}}
}
