package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

type proxyRoutingModel struct {
	ID                   types.String   `tfsdk:"id"`
	ProjectName          types.String   `tfsdk:"project_name"`
	APIProxyName         types.String   `tfsdk:"api_proxy_name"`
	APIType              types.String   `tfsdk:"api_type"`
	LoadBalanceAlgorithm types.String   `tfsdk:"load_balance_algorithm"`
	RoutingAddresses     types.List     `tfsdk:"routing_address"`
	RoutingEnabled       types.Bool     `tfsdk:"routing_enabled"`
	DeployEnvironments   types.Set      `tfsdk:"deploy_environments"`
	WaitForLiveRoutes    types.Bool     `tfsdk:"wait_for_live_routes"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
}

type routingAddressModel struct {
	Address                 types.String `tfsdk:"address"`
	Weight                  types.Int64  `tfsdk:"weight"`
	SoapType                types.String `tfsdk:"soap_type"`
	AddressType             types.String `tfsdk:"address_type"`
	Description             types.String `tfsdk:"description"`
	HealthCheckPath         types.String `tfsdk:"health_check_path"`
	HealthMonitoringEnabled types.Bool   `tfsdk:"health_monitoring_enabled"`
}

// routingAddressType is the value type of a routing address, derived from
// its attributes.
var routingAddressType = func() types.ObjectType {
	attrTypes := map[string]attr.Type{}
	for name, a := range routingAddressAttributes() {
		attrTypes[name] = a.GetType()
	}
	return types.ObjectType{AttrTypes: attrTypes}
}()

func routingID(project, proxy string) string { return project + "/" + proxy }

func (m *proxyRoutingModel) names() (project, proxy string) {
	return m.ProjectName.ValueString(), m.APIProxyName.ValueString()
}

// fromWire copies what the platform holds into m. prior (the state, or what
// was just sent) keeps the list order, so that a reordered answer is not a
// diff, and supplies soap_type where the answer leaves it out.
func (m *proxyRoutingModel) fromWire(px *wire.APIProxy, prior []routingAddressModel) {
	m.ID = types.StringValue(routingID(m.names()))
	m.APIType = types.StringValue(px.APIType)
	m.LoadBalanceAlgorithm = types.StringValue(px.Routing.LoadBalanceAlgorithm)
	ordered := orderLike(px.Routing.RoutingAddressList, prior,
		func(a wire.RoutingAddress) string { return a.Address },
		func(p routingAddressModel) string { return p.Address.ValueString() })
	m.RoutingAddresses = routingAddressList(addressesFromWire(ordered, px.APIType, prior))
	if !m.RoutingEnabled.IsNull() {
		m.RoutingEnabled = types.BoolValue(px.Routing.RoutingEnabled)
	}
}

// addressesFromWire is the address list the platform reports, with what it
// leaves out taken from prior (what was sent, or the state; null on
// import): a REST proxy's addresses have no soap_type, and a SOAP proxy's
// address whose soap_type the answer leaves out (the newest manager never
// reports it) keeps the soap_type prior gives it, else the platform's
// default SOAP11. The role attributes of wire/PROTOCOL.md §2.7 are what
// prior gives them wherever the answer leaves them out.
func addressesFromWire(list []wire.RoutingAddress, apiType string, prior []routingAddressModel) []routingAddressModel {
	sent := make(map[string]routingAddressModel, len(prior))
	for _, p := range prior {
		sent[p.Address.ValueString()] = p
	}
	out := make([]routingAddressModel, 0, len(list))
	for _, a := range list {
		p, ok := sent[a.Address]
		if !ok {
			p = nullAddress()
		}
		r := reportedAddress(a)
		r.SoapType = soapTypeOf(r.SoapType, apiType, p.SoapType)
		r.AddressType = reportedOr(r.AddressType, p.AddressType)
		r.Description = reportedOr(r.Description, p.Description)
		r.HealthCheckPath = reportedOr(r.HealthCheckPath, p.HealthCheckPath)
		r.HealthMonitoringEnabled = monitoringOf(a.HealthMonitoringEnabled, p.HealthMonitoringEnabled)
		out = append(out, r)
	}
	return out
}

// reportedAddress is an address as the platform reports it, and nothing
// more: a value it leaves out is null, and an absent weight the default.
func reportedAddress(a wire.RoutingAddress) routingAddressModel {
	weight := int64(a.Weight)
	if weight == 0 {
		weight = defaultWeight
	}
	return routingAddressModel{
		Address: types.StringValue(a.Address), Weight: types.Int64Value(weight),
		SoapType: nullIfEmpty(a.SoapType), AddressType: nullIfEmpty(a.AddressType),
		Description: nullIfEmpty(a.Description), HealthCheckPath: nullIfEmpty(a.HealthCheckPath),
		HealthMonitoringEnabled: types.BoolPointerValue(a.HealthMonitoringEnabled),
	}
}

func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func nullAddress() routingAddressModel {
	return routingAddressModel{SoapType: types.StringNull(), AddressType: types.StringNull(), Description: types.StringNull(),
		HealthCheckPath: types.StringNull(), HealthMonitoringEnabled: types.BoolNull()}
}

// reportedOr is what the platform reports, or what prior holds where it
// reports nothing.
func reportedOr(reported, prior types.String) types.String {
	if !reported.IsNull() {
		return reported
	}
	return prior
}

// monitoringOf follows a reported health_monitoring_enabled where the
// configuration manages it, and a reported true where it does not: the
// current release reports false for an address sent without it, which is
// not a difference, but true means a write without it would turn the
// monitoring off, which the plan must show.
func monitoringOf(reported *bool, prior types.Bool) types.Bool {
	switch {
	case reported == nil || prior.IsUnknown():
		return prior
	case prior.IsNull() && !*reported:
		return prior
	}
	return types.BoolValue(*reported)
}

func soapTypeOf(reported types.String, apiType string, sent types.String) types.String {
	switch {
	case !reported.IsNull():
		return reported
	case apiType != "SOAP":
		return types.StringNull()
	case !sent.IsNull() && !sent.IsUnknown():
		return sent
	}
	return types.StringValue(defaultSoapType)
}

// defaultSoapType is what a SOAP proxy uses for an address sent without one.
const defaultSoapType = "SOAP11"

// addressesToWire is the address list to send; the role attributes go only
// where set.
func addressesToWire(addrs []routingAddressModel) []wire.RoutingAddress {
	out := make([]wire.RoutingAddress, 0, len(addrs))
	for _, a := range addrs {
		ra := wire.RoutingAddress{Address: a.Address.ValueString(), Weight: int(a.Weight.ValueInt64()),
			SoapType: a.SoapType.ValueString(), AddressType: a.AddressType.ValueString(),
			Description: a.Description.ValueString(), HealthCheckPath: a.HealthCheckPath.ValueString()}
		if !a.HealthMonitoringEnabled.IsNull() && !a.HealthMonitoringEnabled.IsUnknown() {
			ra.HealthMonitoringEnabled = a.HealthMonitoringEnabled.ValueBoolPointer()
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
			"address": a.Address, "weight": a.Weight, "soap_type": a.SoapType, "address_type": a.AddressType,
			"description": a.Description, "health_check_path": a.HealthCheckPath,
			"health_monitoring_enabled": a.HealthMonitoringEnabled,
		}))
	}
	return types.ListValueMust(routingAddressType, elems)
}

// environments returns a known set's names, sorted; nil for a null or
// unknown set.
func environments(set types.Set) []string {
	if set.IsNull() || set.IsUnknown() {
		return nil
	}
	out := make([]string, 0, len(set.Elements()))
	for _, e := range set.Elements() {
		if s, ok := e.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, s.ValueString())
		}
	}
	sort.Strings(out)
	return out
}

func environmentSet(names []string) types.Set {
	elems := make([]attr.Value, 0, len(names))
	for _, n := range names {
		elems = append(elems, types.StringValue(n))
	}
	return types.SetValueMust(types.StringType, elems)
}

func (m *proxyRoutingModel) identity() *routingIdentity {
	return &routingIdentity{ProjectName: m.ProjectName, APIProxyName: m.APIProxyName}
}
