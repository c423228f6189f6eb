package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var _ datasource.DataSourceWithConfigure = (*apiProxyDataSource)(nil)

// NewAPIProxyDataSource is the platform_api_proxy data source.
func NewAPIProxyDataSource() datasource.DataSource { return &apiProxyDataSource{} }

type apiProxyDataSource struct {
	data *providerData
}

type apiProxyModel struct {
	ID                   types.String `tfsdk:"id"`
	ProjectName          types.String `tfsdk:"project_name"`
	APIProxyName         types.String `tfsdk:"api_proxy_name"`
	APIType              types.String `tfsdk:"api_type"`
	Description          types.String `tfsdk:"description"`
	RoutingEnabled       types.Bool   `tfsdk:"routing_enabled"`
	LoadBalanceAlgorithm types.String `tfsdk:"load_balance_algorithm"`
	RoutingAddresses     types.List   `tfsdk:"routing_addresses"`
	Environments         types.Set    `tfsdk:"environments"`
	Deployments          types.List   `tfsdk:"deployments"`
}

var deploymentType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"environment":       types.StringType,
	"deployed":          types.BoolType,
	"redeploy_required": types.BoolType,
}}

func (d *apiProxyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_proxy"
}

func (d *apiProxyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an API proxy: its type, description, current routing and, for the environments " +
			"asked about, whether that routing is deployed there. A proxy or an environment that does not exist is an " +
			"error. Needs the provider's `endpoint` and `token`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "`{project_name}/{api_proxy_name}`."},
			"project_name": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the project that holds the proxy.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"api_proxy_name": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the API proxy.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"api_type":               schema.StringAttribute{Computed: true, MarkdownDescription: "`REST`, `SOAP` or `AI` (an LLM gateway: its routing is read here, and managed through the platform's ai-routing)."},
			"description":            schema.StringAttribute{Computed: true, MarkdownDescription: "The proxy's description."},
			"routing_enabled":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether routing is enabled."},
			"load_balance_algorithm": schema.StringAttribute{Computed: true, MarkdownDescription: "`ROUND_ROBIN`, `WEIGHTED`, `LRU`, `RANDOM` or `PICK_FIRST`."},
			"routing_addresses": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The backend addresses, in the order the platform returns them, with the attributes of " +
					"`platform_proxy_routing`'s `routing_address` as the platform reports them: one it does not report is " +
					"null (the routing vendor's current release reports no `soap_type`, `address_type`, `description` or " +
					"`health_check_path`; nothing was sent from here).",
				NestedObject: schema.NestedAttributeObject{Attributes: reportedAddressAttributes()},
			},
			"environments": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Environments to report the deployment of, e.g. `[\"production\"]`: one request each, " +
					"except on the routing vendor's current release, whose answer for the proxy already tells.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(notBlank())},
			},
			"deployments": schema.ListAttribute{
				Computed: true, ElementType: deploymentType,
				MarkdownDescription: "The proxy's deployment in each of `environments`, sorted by environment: objects with " +
					"`environment`, `deployed` (whether the proxy is deployed there) and `redeploy_required` (whether the proxy " +
					"changed after its last deployment there, so that what runs there is not what is saved).",
			},
		},
	}
}

func (d *apiProxyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configured(req.ProviderData, &resp.Diagnostics)
}

func (d *apiProxyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m apiProxyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c, ok, diags := d.data.apiops()
	if resp.Diagnostics.Append(diags...); !ok || resp.Diagnostics.HasError() {
		return
	}
	project, proxy := m.ProjectName.ValueString(), m.APIProxyName.ValueString()
	px, err := c.GetAPIProxy(ctx, project, proxy)
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(path.Root("api_proxy_name"), "API proxy not found",
			fmt.Sprintf("The platform has no API proxy %q in project %q.", proxy, project))
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "reading API proxy "+routingID(project, proxy), err)
		return
	}
	m.ID = types.StringValue(routingID(project, proxy))
	m.APIType = types.StringValue(px.APIType)
	m.Description = types.StringValue(px.Description)
	m.RoutingEnabled = types.BoolValue(px.Routing.RoutingEnabled)
	m.LoadBalanceAlgorithm = types.StringValue(px.Routing.LoadBalanceAlgorithm)
	m.RoutingAddresses = routingAddressList(reportedAddresses(px.Routing.RoutingAddressList))
	if m.Deployments = d.deployments(ctx, c, px, project, proxy, environments(m.Environments), &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// reportedAddressAttributes are the routing address attributes as the data
// source reports them.
func reportedAddressAttributes() map[string]schema.Attribute {
	return describedAttributes(routingAddressAttributes(), func(name, _ string) string {
		d := routingAddressDocs[name]
		return strings.TrimSpace(d.what + " " + d.read)
	})
}

// reportedAddresses is the address list as the platform reports it.
func reportedAddresses(list []wire.RoutingAddress) []routingAddressModel {
	out := make([]routingAddressModel, 0, len(list))
	for _, a := range list {
		out = append(out, reportedAddress(a))
	}
	return out
}

// deployments is the proxy's deployment in each environment: from the
// answer's deploymentList where it has one, else one deploy-status read each.
func (d *apiProxyDataSource) deployments(ctx context.Context, c *client.Client, px *wire.APIProxy, project, proxy string, envs []string, diags *diag.Diagnostics) types.List {
	elems := make([]attr.Value, 0, len(envs))
	for _, env := range envs {
		st, err := c.Deployment(ctx, project, proxy, env, px)
		if errors.Is(err, client.ErrNotFound) {
			diags.AddAttributeError(path.Root("environments"), "Environment not found",
				fmt.Sprintf("Project %q has no environment %q (or API proxy %q is gone).", project, env, proxy))
			continue
		}
		if err != nil {
			addClientError(diags, fmt.Sprintf("reading the deployment of API proxy %s in %s", routingID(project, proxy), env), err)
			continue
		}
		elems = append(elems, types.ObjectValueMust(deploymentType.AttrTypes, map[string]attr.Value{
			"environment": types.StringValue(env), "deployed": types.BoolValue(st.Deployed),
			"redeploy_required": types.BoolValue(st.RedeployRequired),
		}))
	}
	return types.ListValueMust(deploymentType, elems)
}
