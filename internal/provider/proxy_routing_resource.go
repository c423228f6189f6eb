package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
)

var (
	_ resource.ResourceWithConfigure      = (*proxyRoutingResource)(nil)
	_ resource.ResourceWithImportState    = (*proxyRoutingResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*proxyRoutingResource)(nil)
	_ resource.ResourceWithValidateConfig = (*proxyRoutingResource)(nil)
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
	resp.Schema = schema.Schema{
		MarkdownDescription: "The routing of an existing API proxy: its backend addresses, whether routing is on, " +
			"and the environments the routing is deployed to so that it takes effect. The proxy itself is not " +
			"created or deleted: creating this resource sets the proxy's address list, and destroying it clears " +
			"the list without deploying (live traffic keeps the last deployed routing).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`{project_name}/{api_proxy_name}`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"project_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the project that holds the API proxy (case-sensitive). Changing it forces a new resource.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"api_proxy_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the API proxy (case-sensitive). Changing it forces a new resource.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"routing_enabled": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether the proxy routes traffic at all. When set, Terraform manages it (and shows a " +
					"change made elsewhere as drift); when left out, it is left as it is on the platform.",
			},
			"deploy_environments": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Environments (e.g. `production`) to deploy every change to, so that it takes effect " +
					"there. An environment counts as deployed only while the platform runs the saved routing there; " +
					"otherwise the next plan deploys again. Removing an environment stops deploying there without " +
					"undeploying; environments outside the set are never touched.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(notBlank())},
			},
			"api_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The proxy's API type, `REST` or `SOAP`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"load_balance_algorithm": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The proxy's load-balance algorithm (`ROUND_ROBIN`, `WEIGHTED`, `LRU`, `RANDOM` or " +
					"`PICK_FIRST`). It is configured on the platform, not here; `weight` only matters with `WEIGHTED`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"routing_address": schema.ListNestedBlock{
				MarkdownDescription: "A backend address the proxy routes to; repeat the block for each. The whole list " +
					"is sent on every change. The order the platform returns them in does not matter. With no block " +
					"the proxy has no address and routing through it fails.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"address": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "Absolute `http://` or `https://` URL of the backend. Each address may appear once.",
							Validators:          []validator.String{httpURL()},
						},
						"weight": schema.Int64Attribute{
							Optional: true, Computed: true,
							Default:             int64default.StaticInt64(1),
							MarkdownDescription: "Load-balancing weight, at least 1; a higher weight gets more traffic when the algorithm is `WEIGHTED`. Defaults to `1`.",
							Validators:          []validator.Int64{int64validator.AtLeast(1)},
						},
						"soap_type": schema.StringAttribute{
							Optional: true, Computed: true,
							MarkdownDescription: "`SOAP11` or `SOAP12`, for SOAP proxies only; the platform uses `SOAP11` when unset. " +
								"Setting it on a REST proxy is an error.",
							Validators: []validator.String{stringvalidator.OneOf("SOAP11", "SOAP12")},
						},
					},
				},
			},
		},
	}
}

func (r *proxyRoutingResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if d, ok := req.ProviderData.(*providerData); ok {
		r.data = d
	}
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
	if r.apply(ctx, &plan, change, &resp.Diagnostics) {
		store(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
	}
}

// store records m as the resource's state and identity.
func store(ctx context.Context, m *proxyRoutingModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	diags.Append(state.Set(ctx, m)...)
	setIdentity(ctx, identity, m.identity(), diags)
}

func (r *proxyRoutingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state proxyRoutingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	change, d := routingChange(ctx, &plan, &state)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	if r.apply(ctx, &plan, change, &resp.Diagnostics) {
		store(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
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
		ch.Addresses = toAPIAddresses(addrs)
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

// apply saves and deploys change, then reads the proxy back into m. It
// reports whether m should be stored: true also when a deployment failed,
// because what was saved stays saved; that environment is left out of m so
// that the next plan deploys it again.
func (r *proxyRoutingResource) apply(ctx context.Context, m *proxyRoutingModel, change client.RoutingChange, diags *diag.Diagnostics) bool {
	c, _, d := r.data.apiops()
	sent, d2 := routingAddresses(ctx, m.RoutingAddresses)
	if diags.Append(append(d, d2...)...); diags.HasError() {
		return false
	}
	project, proxy := m.names()
	id := routingID(project, proxy)
	outcomes, err := c.ApplyRouting(ctx, project, proxy, change)
	if err != nil {
		addClientError(diags, "changing the routing of API proxy "+id, err)
		return false
	}
	px, err := c.GetAPIProxy(ctx, project, proxy)
	if err != nil {
		addClientError(diags, "reading back API proxy "+id, err)
		return false
	}
	m.fromAPI(px, sent)
	m.DeployEnvironments = withoutFailed(m.DeployEnvironments, outcomes, id, diags)
	return true
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
	c, ok, d := r.data.apiops()
	if resp.Diagnostics.Append(d...); !ok {
		return
	}
	prior, d := routingAddresses(ctx, state.RoutingAddresses)
	resp.Diagnostics.Append(d...)
	project, proxy := state.names()
	px, err := c.GetAPIProxy(ctx, project, proxy)
	if errors.Is(err, client.ErrNotFound) {
		removed(ctx, resp, state.identity())
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "reading API proxy "+routingID(project, proxy), err)
		return
	}
	state.fromAPI(px, prior)
	if state.DeployEnvironments, err = liveEnvironments(ctx, c, project, proxy, state.DeployEnvironments); err != nil {
		addClientError(&resp.Diagnostics, "reading the deployments of API proxy "+routingID(project, proxy), err)
		return
	}
	store(ctx, &state, &resp.State, resp.Identity, &resp.Diagnostics)
}

// liveEnvironments keeps the environments of envs where the saved routing
// is deployed, one status request each; an environment that is not, or
// that needs a redeploy, is left out so that the plan deploys there again.
func liveEnvironments(ctx context.Context, c *client.Client, project, proxy string, envs types.Set) (types.Set, error) {
	names := environments(envs)
	if len(names) == 0 {
		return envs, nil
	}
	live := make([]string, 0, len(names))
	for _, env := range names {
		st, err := c.DeployStatus(ctx, project, proxy, env)
		if errors.Is(err, client.ErrNotFound) {
			continue
		}
		if err != nil {
			return envs, err
		}
		if st.Deployed && !st.RedeployRequired {
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
