package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
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
}

func (d *apiProxyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_proxy"
}

func (d *apiProxyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an API proxy: its type, description and current routing. A proxy that does not " +
			"exist is an error. Needs the provider's `endpoint` and `token`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "`{project_name}/{api_proxy_name}`."},
			"project_name": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the project that holds the proxy.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"api_proxy_name": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the API proxy.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"api_type":               schema.StringAttribute{Computed: true, MarkdownDescription: "`REST` or `SOAP`."},
			"description":            schema.StringAttribute{Computed: true, MarkdownDescription: "The proxy's description."},
			"routing_enabled":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether routing is enabled."},
			"load_balance_algorithm": schema.StringAttribute{Computed: true, MarkdownDescription: "`ROUND_ROBIN`, `WEIGHTED`, `LRU`, `RANDOM` or `PICK_FIRST`."},
			"routing_addresses": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The backend addresses, in the order the platform returns them.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"address":   schema.StringAttribute{Computed: true, MarkdownDescription: "Backend URL."},
					"weight":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Load-balancing weight."},
					"soap_type": schema.StringAttribute{Computed: true, MarkdownDescription: "`SOAP11` or `SOAP12` on SOAP proxies; null on REST proxies."},
				}},
			},
		},
	}
}

func (d *apiProxyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	if pd, ok := req.ProviderData.(*providerData); ok {
		d.data = pd
	}
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
	m.RoutingAddresses = routingAddressList(addressesFromPlatform(px.Routing.RoutingAddressList))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
