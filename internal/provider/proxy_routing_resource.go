package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
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

type proxyRoutingModel struct {
	ID                   types.String `tfsdk:"id"`
	ProjectName          types.String `tfsdk:"project_name"`
	APIProxyName         types.String `tfsdk:"api_proxy_name"`
	APIType              types.String `tfsdk:"api_type"`
	LoadBalanceAlgorithm types.String `tfsdk:"load_balance_algorithm"`
	RoutingAddresses     types.List   `tfsdk:"routing_address"`
}

type routingAddressModel struct {
	Address  types.String `tfsdk:"address"`
	Weight   types.Int64  `tfsdk:"weight"`
	SoapType types.String `tfsdk:"soap_type"`
}

var routingAddressType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"address":   types.StringType,
	"weight":    types.Int64Type,
	"soap_type": types.StringType,
}}

func (r *proxyRoutingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_proxy_routing"
}

func (r *proxyRoutingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The backend routing addresses of an existing API proxy. The proxy itself is not " +
			"created or deleted: creating this resource sets the proxy's address list, and destroying it clears " +
			"the list (the proxy stays, and routing through it fails until addresses are set again).",
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

func (r *proxyRoutingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var list types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("routing_address"), &list)...)
	if resp.Diagnostics.HasError() || list.IsUnknown() {
		return
	}
	if len(list.Elements()) == 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("routing_address"), "No routing addresses",
			"This configuration gives the API proxy no routing_address block, so its address list will be "+
				"emptied and routing through the proxy will fail.")
		return
	}
	addrs, diags := routingAddresses(ctx, list)
	resp.Diagnostics.Append(diags...)
	seen := map[string]int{}
	for i, a := range addrs {
		if a.Address.IsNull() || a.Address.IsUnknown() {
			continue
		}
		if j, dup := seen[a.Address.ValueString()]; dup {
			resp.Diagnostics.AddAttributeError(path.Root("routing_address").AtListIndex(i).AtName("address"),
				"Duplicate routing address",
				fmt.Sprintf("routing_address[%d].address: the address %q is already given in routing_address[%d]; each address may appear once.",
					i, a.Address.ValueString(), j))
			continue
		}
		seen[a.Address.ValueString()] = i
	}
}

// ModifyPlan checks soap_type against the proxy's API type and plans the
// soap_type the platform will fill in, so that plans show real values. It
// costs a request only when the configuration sets a soap_type and the API
// type is not in state yet (Terraform plans once more during apply, so a
// lookup on every create would double its cost).
func (r *proxyRoutingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if _, _, d := r.data.apiops(); d.HasError() {
		resp.Diagnostics.Append(d...)
		return
	}
	var plan, state proxyRoutingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() || plan.ProjectName.IsUnknown() || plan.APIProxyName.IsUnknown() {
		return
	}
	plan.ID = types.StringValue(routingID(plan.ProjectName.ValueString(), plan.APIProxyName.ValueString()))
	apiType := types.StringUnknown()
	switch {
	case state.ID.Equal(plan.ID):
		apiType = state.APIType
	case setsSoapType(ctx, req.Config):
		// Only a configured soap_type needs the API type before apply.
		plan.LoadBalanceAlgorithm = types.StringUnknown()
		apiType = r.lookupAPIType(ctx, plan, &resp.Diagnostics)
	default:
		plan.LoadBalanceAlgorithm = types.StringUnknown()
	}
	plan.APIType = apiType
	if !apiType.IsUnknown() && !plan.RoutingAddresses.IsUnknown() {
		addrs, diags := routingAddresses(ctx, plan.RoutingAddresses)
		resp.Diagnostics.Append(diags...)
		plannedAddrs := planSoapTypes(ctx, req.Config, addrs, apiType.ValueString(), plan.ID.ValueString(), &resp.Diagnostics)
		plan.RoutingAddresses = routingAddressList(plannedAddrs)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func setsSoapType(ctx context.Context, config tfsdk.Config) bool {
	var list types.List
	if d := config.GetAttribute(ctx, path.Root("routing_address"), &list); d.HasError() || list.IsNull() || list.IsUnknown() {
		return false
	}
	addrs, _ := routingAddresses(ctx, list)
	for _, a := range addrs {
		if !a.SoapType.IsNull() {
			return true
		}
	}
	return false
}

func (r *proxyRoutingResource) lookupAPIType(ctx context.Context, plan proxyRoutingModel, diags *diag.Diagnostics) types.String {
	c, ok, d := r.data.apiops()
	diags.Append(d...)
	if !ok {
		return types.StringUnknown()
	}
	px, err := c.GetAPIProxy(ctx, plan.ProjectName.ValueString(), plan.APIProxyName.ValueString())
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeWarning(path.Root("api_proxy_name"), "API proxy not found",
			fmt.Sprintf("The platform has no API proxy %s yet; applying will fail unless it exists by then.",
				plan.ID.ValueString()))
		return types.StringUnknown()
	case err != nil:
		addClientError(diags, "reading API proxy "+plan.ID.ValueString(), err)
		return types.StringUnknown()
	}
	return types.StringValue(px.APIType)
}

// planSoapTypes rejects soap_type on REST proxies and fills the value the
// platform will report where the configuration leaves it unset.
func planSoapTypes(ctx context.Context, config tfsdk.Config, addrs []routingAddressModel, apiType, id string, diags *diag.Diagnostics) []routingAddressModel {
	for i := range addrs {
		var configured types.String
		p := path.Root("routing_address").AtListIndex(i).AtName("soap_type")
		diags.Append(config.GetAttribute(ctx, p, &configured)...)
		if apiType == "REST" && !configured.IsNull() && !configured.IsUnknown() {
			diags.AddAttributeError(p, "soap_type on a REST proxy",
				fmt.Sprintf("API proxy %s is a REST proxy, which takes no soap_type, but routing_address[%d] sets soap_type = %q. Remove it.",
					id, i, configured.ValueString()))
			continue
		}
		if !addrs[i].SoapType.IsUnknown() {
			continue
		}
		if apiType == "SOAP" {
			addrs[i].SoapType = types.StringValue("SOAP11")
		} else {
			addrs[i].SoapType = types.StringNull()
		}
	}
	return addrs
}

func (r *proxyRoutingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

func (r *proxyRoutingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// apply is create and update alike: both send the whole planned list.
func (r *proxyRoutingResource) apply(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	var m proxyRoutingModel
	if diags.Append(plan.Get(ctx, &m)...); diags.HasError() {
		return
	}
	if r.write(ctx, &m, diags); diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, &m)...)
}

// write sends the planned list, then reads the proxy back into m.
func (r *proxyRoutingResource) write(ctx context.Context, m *proxyRoutingModel, diags *diag.Diagnostics) {
	c, _, d := r.data.apiops()
	if diags.Append(d...); diags.HasError() {
		return
	}
	addrs, d := routingAddresses(ctx, m.RoutingAddresses)
	if diags.Append(d...); diags.HasError() {
		return
	}
	project, proxy := m.ProjectName.ValueString(), m.APIProxyName.ValueString()
	id := routingID(project, proxy)
	if _, err := c.ApplyRouting(ctx, project, proxy, client.RoutingChange{Addresses: toAPIAddresses(addrs)}); err != nil {
		addClientError(diags, "setting the routing addresses of API proxy "+id, err)
		return
	}
	px, err := c.GetAPIProxy(ctx, project, proxy)
	if err != nil {
		addClientError(diags, "reading back API proxy "+id, err)
		return
	}
	m.fromAPI(px, addrs)
}

func (r *proxyRoutingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state proxyRoutingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ok, d := r.data.apiops()
	if resp.Diagnostics.Append(d...); !ok {
		return
	}
	prior, d := routingAddresses(ctx, state.RoutingAddresses)
	resp.Diagnostics.Append(d...)
	project, proxy := state.ProjectName.ValueString(), state.APIProxyName.ValueString()
	px, err := c.GetAPIProxy(ctx, project, proxy)
	if errors.Is(err, client.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "reading API proxy "+routingID(project, proxy), err)
		return
	}
	state.fromAPI(px, prior)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *proxyRoutingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state proxyRoutingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, _, d := r.data.apiops()
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	project, proxy := state.ProjectName.ValueString(), state.APIProxyName.ValueString()
	err := c.ClearAddresses(ctx, project, proxy)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "clearing the routing addresses of API proxy "+routingID(project, proxy), err)
	}
}

func (r *proxyRoutingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	project, proxy, ok := strings.Cut(req.ID, "/")
	if !ok || project == "" || proxy == "" || strings.Contains(proxy, "/") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected an import ID of the form project_name/api_proxy_name, e.g. ecommerce/orders-api, got: %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), routingID(project, proxy))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project_name"), project)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("api_proxy_name"), proxy)...)
}

func routingID(project, proxy string) string { return project + "/" + proxy }

// fromAPI copies what the platform holds into m, keeping the order of prior
// so that a list the platform returns reordered is not a diff.
func (m *proxyRoutingModel) fromAPI(px *wire.APIProxy, prior []routingAddressModel) {
	m.ID = types.StringValue(routingID(m.ProjectName.ValueString(), m.APIProxyName.ValueString()))
	m.APIType = types.StringValue(px.APIType)
	m.LoadBalanceAlgorithm = types.StringValue(px.Routing.LoadBalanceAlgorithm)
	ordered := orderLike(px.Routing.RoutingAddressList, prior,
		func(a wire.RoutingAddress) string { return a.Address },
		func(p routingAddressModel) string { return p.Address.ValueString() })
	m.RoutingAddresses = routingAddressList(addressesFromPlatform(ordered))
}

// addressesFromPlatform fills the platform's defaults: an absent weight is
// 1, and a REST proxy's addresses have no soap_type.
func addressesFromPlatform(list []wire.RoutingAddress) []routingAddressModel {
	out := make([]routingAddressModel, 0, len(list))
	for _, a := range list {
		weight := a.Weight
		if weight == 0 {
			weight = 1
		}
		soap := types.StringNull()
		if a.SoapType != "" {
			soap = types.StringValue(a.SoapType)
		}
		out = append(out, routingAddressModel{Address: types.StringValue(a.Address),
			Weight: types.Int64Value(int64(weight)), SoapType: soap})
	}
	return out
}

func toAPIAddresses(addrs []routingAddressModel) []wire.RoutingAddress {
	out := make([]wire.RoutingAddress, 0, len(addrs))
	for _, a := range addrs {
		ra := wire.RoutingAddress{Address: a.Address.ValueString(), Weight: int(a.Weight.ValueInt64())}
		if !a.SoapType.IsNull() && !a.SoapType.IsUnknown() {
			ra.SoapType = a.SoapType.ValueString()
		}
		out = append(out, ra)
	}
	return out
}

func routingAddresses(ctx context.Context, list types.List) ([]routingAddressModel, diag.Diagnostics) {
	if list.IsNull() || list.IsUnknown() {
		return nil, nil
	}
	var out []routingAddressModel
	diags := list.ElementsAs(ctx, &out, false)
	return out, diags
}

func routingAddressList(addrs []routingAddressModel) types.List {
	elems := make([]attr.Value, 0, len(addrs))
	for _, a := range addrs {
		elems = append(elems, basetypes.NewObjectValueMust(routingAddressType.AttrTypes, map[string]attr.Value{
			"address": a.Address, "weight": a.Weight, "soap_type": a.SoapType,
		}))
	}
	return types.ListValueMust(routingAddressType, elems)
}
