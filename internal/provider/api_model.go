package provider

import (
	"context"
	"maps"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// apiModel is platform_api, shared by the resource and the data source so
// that the two cannot drift apart.
type apiModel struct {
	ID                 types.String  `tfsdk:"id"`
	Name               types.String  `tfsdk:"name"`
	Description        types.String  `tfsdk:"description"`
	Visibility         types.String  `tfsdk:"visibility"`
	PictureID          types.String  `tfsdk:"picture_id"`
	Version            *versionModel `tfsdk:"version"`
	VersionID          types.String  `tfsdk:"version_id"`
	LatestVersionID    types.String  `tfsdk:"latest_version_id"`
	State              types.String  `tfsdk:"state"`
	ProductionEndpoint types.String  `tfsdk:"production_endpoint"`
	SandboxEndpoint    types.String  `tfsdk:"sandbox_endpoint"`
	AdminGroupID       types.String  `tfsdk:"admin_group_id"`
	AvatarURL          types.String  `tfsdk:"avatar_url"`
	Created            types.String  `tfsdk:"created"`
	Updated            types.String  `tfsdk:"updated"`
}

type versionModel struct {
	Name                                 types.String    `tfsdk:"name"`
	Description                          types.String    `tfsdk:"description"`
	Visibility                           types.String    `tfsdk:"visibility"`
	Type                                 types.String    `tfsdk:"type"`
	DefaultProfile                       types.String    `tfsdk:"default_profile"`
	Tags                                 types.Set       `tfsdk:"tags"`
	ProductionEndpointAccessAutoApproved types.Bool      `tfsdk:"production_endpoint_access_auto_approved"`
	SandboxEndpointAccessAutoApproved    types.Bool      `tfsdk:"sandbox_endpoint_access_auto_approved"`
	Endpoints                            []endpointModel `tfsdk:"endpoints"`
	Operations                           operationsModel `tfsdk:"operations"`
	Policies                             []policyModel   `tfsdk:"policies"`
	TargetAPI                            *targetAPIModel `tfsdk:"target_api"`
}

type targetAPIModel struct {
	Type           types.String    `tfsdk:"type"`
	DefaultProfile types.String    `tfsdk:"default_profile"`
	Endpoints      []endpointModel `tfsdk:"endpoints"`
	Operations     operationsModel `tfsdk:"operations"`
	Policies       []policyModel   `tfsdk:"policies"`
}

type endpointModel struct {
	Category             types.String `tfsdk:"category"`
	URI                  types.String `tfsdk:"uri"`
	CName                types.String `tfsdk:"cname"`
	DeploymentZoneRule   types.String `tfsdk:"deployment_zone_rule"`
	ConnectionProperties types.Map    `tfsdk:"connection_properties"`
}

// operationsModel is operations by name: the platform's list holds one
// operation per name.
type operationsModel map[string]operationModel

type operationModel struct {
	Method            types.String `tfsdk:"method"`
	Path              types.String `tfsdk:"path"`
	InputContentType  types.String `tfsdk:"input_content_type"`
	OutputContentType types.String `tfsdk:"output_content_type"`
	FaultContentType  types.String `tfsdk:"fault_content_type"`
	Inputs            []inputModel `tfsdk:"inputs"`
}

type inputModel struct {
	Name types.String `tfsdk:"name"`
	Type types.String `tfsdk:"type"`
}

type policyModel struct {
	Key  types.String `tfsdk:"key"`
	Type types.String `tfsdk:"type"`
}

// ---- Terraform → platform ----

// toWire is the body of create and update: the configuration only, never a
// read-only field.
func (m *apiModel) toWire(ctx context.Context) (*wire.API, diag.Diagnostics) {
	var diags diag.Diagnostics
	api := &wire.API{
		Name:        m.Name.ValueString(),
		Description: m.Description.ValueString(),
		Visibility:  m.Visibility.ValueString(),
		PictureID:   m.PictureID.ValueString(),
	}
	if m.Version != nil {
		api.APIVersion, diags = m.Version.toWire(ctx)
	}
	return api, diags
}

// toWire is the version part of a body, shared by platform_api's version
// and platform_api_version.
func (v *versionModel) toWire(ctx context.Context) (*wire.APIVersion, diag.Diagnostics) {
	var diags diag.Diagnostics
	tags := []string{}
	if !v.Tags.IsNull() && !v.Tags.IsUnknown() {
		diags.Append(v.Tags.ElementsAs(ctx, &tags, false)...)
		sort.Strings(tags)
	}
	out := &wire.APIVersion{
		Name:                                 v.Name.ValueString(),
		Description:                          v.Description.ValueString(),
		Visibility:                           v.Visibility.ValueString(),
		Type:                                 v.Type.ValueString(),
		DefaultProfile:                       v.DefaultProfile.ValueString(),
		Tag:                                  tags,
		ProductionEndpointAccessAutoApproved: v.ProductionEndpointAccessAutoApproved.ValueBool(),
		SandboxEndpointAccessAutoApproved:    v.SandboxEndpointAccessAutoApproved.ValueBool(),
		Endpoints:                            endpointsToWire(ctx, v.Endpoints, &diags),
		Operations:                           operationsToWire(v.Operations),
		Policies:                             policiesToWire(v.Policies),
	}
	if t := v.TargetAPI; t != nil {
		out.TargetAPI = &wire.TargetAPI{
			Type:           t.Type.ValueString(),
			DefaultProfile: t.DefaultProfile.ValueString(),
			Endpoints:      endpointsToWire(ctx, t.Endpoints, &diags),
			Operations:     operationsToWire(t.Operations),
			Policies:       policiesToWire(t.Policies),
		}
	}
	return out, diags
}

func endpointsToWire(ctx context.Context, in []endpointModel, diags *diag.Diagnostics) wire.Endpoints {
	out := wire.Endpoints{Endpoint: make([]wire.Endpoint, 0, len(in))}
	for _, e := range in {
		props := map[string]string{}
		if !e.ConnectionProperties.IsNull() && !e.ConnectionProperties.IsUnknown() {
			diags.Append(e.ConnectionProperties.ElementsAs(ctx, &props, false)...)
		}
		list := make([]wire.ConnectionProperty, 0, len(props))
		for k, v := range props {
			list = append(list, wire.ConnectionProperty{Name: k, Value: v})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		out.Endpoint = append(out.Endpoint, wire.Endpoint{
			Uri: e.URI.ValueString(), Category: e.Category.ValueString(), CName: e.CName.ValueString(),
			DeploymentZoneRule: e.DeploymentZoneRule.ValueString(), ConnectionProperties: list,
		})
	}
	return out
}

// operationsToWire lists the operations by name, so that the same
// operations are always sent in the same order.
func operationsToWire(in operationsModel) wire.Operations {
	names := slices.Sorted(maps.Keys(in))
	out := wire.Operations{Operation: make([]wire.Operation, 0, len(in))}
	for _, name := range names {
		o := in[name]
		inputs := make([]wire.Input, 0, len(o.Inputs))
		for _, i := range o.Inputs {
			inputs = append(inputs, wire.Input{Name: i.Name.ValueString(), Type: i.Type.ValueString()})
		}
		out.Operation = append(out.Operation, wire.Operation{
			Name: name, Method: o.Method.ValueString(), Path: o.Path.ValueString(), Input: inputs,
			InputContentType: o.InputContentType.ValueString(), OutputContentType: o.OutputContentType.ValueString(),
			FaultContentType: o.FaultContentType.ValueString(),
		})
	}
	return out
}

func policiesToWire(in []policyModel) wire.Policies {
	out := wire.Policies{Policy: make([]wire.Policy, 0, len(in))}
	for _, p := range in {
		out.Policy = append(out.Policy, wire.Policy{PolicyKey: p.Key.ValueString(), PolicyType: p.Type.ValueString()})
	}
	return out
}

// ---- platform → Terraform ----

// apiFromWire maps what the platform holds onto the model: the API, and
// version, the version the resource manages (nil when it is gone). prior
// (the state or plan, or nil on import) decides list order and whether an
// empty value is shown as "" or as null, so that neither is ever a diff.
func apiFromWire(api *wire.API, version *wire.APIVersion, prior *apiModel) *apiModel {
	if prior == nil {
		prior = &apiModel{}
	}
	m := &apiModel{
		ID:                 types.StringValue(api.APIID),
		Name:               types.StringValue(api.Name),
		Description:        keepEmpty(api.Description, prior.Description),
		Visibility:         keepEmpty(api.Visibility, prior.Visibility),
		PictureID:          keepEmpty(api.PictureID, prior.PictureID),
		LatestVersionID:    keepEmpty(api.LatestVersionID, types.String{}),
		AdminGroupID:       keepEmpty(api.AdminGroupID, types.String{}),
		AvatarURL:          keepEmpty(api.AvatarURL, types.String{}),
		Created:            keepEmpty(api.Created, types.String{}),
		Updated:            keepEmpty(api.Updated, types.String{}),
		VersionID:          types.StringNull(),
		State:              types.StringNull(),
		ProductionEndpoint: types.StringNull(),
		SandboxEndpoint:    types.StringNull(),
	}
	if version != nil {
		m.VersionID = keepEmpty(version.APIVersionID, types.String{})
		m.State = keepEmpty(version.State, types.String{})
		m.ProductionEndpoint = keepEmpty(version.ProductionEndpoint, types.String{})
		m.SandboxEndpoint = keepEmpty(version.SandboxEndpoint, types.String{})
		m.Version = versionFromWire(version, prior.Version)
	}
	return m
}

func versionFromWire(v *wire.APIVersion, prior *versionModel) *versionModel {
	if prior == nil {
		prior = &versionModel{}
	}
	tags := make([]attr.Value, 0, len(v.Tag))
	for _, t := range v.Tag {
		tags = append(tags, types.StringValue(t))
	}
	out := &versionModel{
		Name:                                 types.StringValue(v.Name),
		Description:                          keepEmpty(v.Description, prior.Description),
		Visibility:                           keepEmpty(v.Visibility, prior.Visibility),
		Type:                                 keepEmpty(v.Type, prior.Type),
		DefaultProfile:                       keepEmpty(v.DefaultProfile, prior.DefaultProfile),
		Tags:                                 types.SetValueMust(types.StringType, tags),
		ProductionEndpointAccessAutoApproved: types.BoolValue(v.ProductionEndpointAccessAutoApproved),
		SandboxEndpointAccessAutoApproved:    types.BoolValue(v.SandboxEndpointAccessAutoApproved),
		Endpoints:                            endpointsFromWire(v.Endpoints.Endpoint, prior.Endpoints),
		Operations:                           operationsFromWire(v.Operations.Operation, prior.Operations),
		Policies:                             policiesFromWire(v.Policies.Policy, prior.Policies),
	}
	if t := v.TargetAPI; t != nil && (prior.TargetAPI != nil || !isEmptyTarget(t)) {
		pt := prior.TargetAPI
		if pt == nil {
			pt = &targetAPIModel{}
		}
		out.TargetAPI = &targetAPIModel{
			Type:           keepEmpty(t.Type, pt.Type),
			DefaultProfile: keepEmpty(t.DefaultProfile, pt.DefaultProfile),
			Endpoints:      endpointsFromWire(t.Endpoints.Endpoint, pt.Endpoints),
			Operations:     operationsFromWire(t.Operations.Operation, pt.Operations),
			Policies:       policiesFromWire(t.Policies.Policy, pt.Policies),
		}
	}
	return out
}

// isEmptyTarget is a target API the platform reports although nobody set
// one: no field and no list entry.
func isEmptyTarget(t *wire.TargetAPI) bool {
	return t.Type == "" && t.DefaultProfile == "" && len(t.Endpoints.Endpoint) == 0 &&
		len(t.Operations.Operation) == 0 && len(t.Policies.Policy) == 0
}

func endpointKey(category, uri string) string { return category + "\x00" + uri }

func endpointsFromWire(got []wire.Endpoint, prior []endpointModel) []endpointModel {
	got = orderLike(got, prior,
		func(e wire.Endpoint) string { return endpointKey(e.Category, e.Uri) },
		func(p endpointModel) string { return endpointKey(p.Category.ValueString(), p.URI.ValueString()) })
	byKey := make(map[string]endpointModel, len(prior))
	for _, p := range prior {
		byKey[endpointKey(p.Category.ValueString(), p.URI.ValueString())] = p
	}
	out := make([]endpointModel, 0, len(got))
	for _, e := range got {
		p := byKey[endpointKey(e.Category, e.Uri)]
		out = append(out, endpointModel{
			Category:             types.StringValue(e.Category),
			URI:                  types.StringValue(e.Uri),
			CName:                keepEmpty(e.CName, p.CName),
			DeploymentZoneRule:   keepEmpty(e.DeploymentZoneRule, p.DeploymentZoneRule),
			ConnectionProperties: propertiesFromWire(e.ConnectionProperties),
		})
	}
	return out
}

// propertiesFromWire is never null: none and an empty map are the same.
func propertiesFromWire(got []wire.ConnectionProperty) types.Map {
	elems := make(map[string]attr.Value, len(got))
	for _, p := range got {
		elems[p.Name] = types.StringValue(p.Value)
	}
	return types.MapValueMust(types.StringType, elems)
}

// operationsFromWire keys the platform's operations by name. Should the
// platform hold two of one name (none that this provider wrote), the first
// stands for both.
func operationsFromWire(got []wire.Operation, prior operationsModel) operationsModel {
	out := make(operationsModel, len(got))
	for _, o := range got {
		if _, dup := out[o.Name]; dup {
			continue
		}
		p := prior[o.Name]
		out[o.Name] = operationModel{
			Method:            keepEmpty(o.Method, p.Method),
			Path:              keepEmpty(o.Path, p.Path),
			InputContentType:  keepEmpty(o.InputContentType, p.InputContentType),
			OutputContentType: keepEmpty(o.OutputContentType, p.OutputContentType),
			FaultContentType:  keepEmpty(o.FaultContentType, p.FaultContentType),
			Inputs:            inputsFromWire(o.Input, p.Inputs),
		}
	}
	return out
}

func pairKey(a, b string) string { return a + "\x00" + b }

func inputsFromWire(got []wire.Input, prior []inputModel) []inputModel {
	got = orderLike(got, prior,
		func(i wire.Input) string { return pairKey(i.Name, i.Type) },
		func(p inputModel) string { return pairKey(p.Name.ValueString(), p.Type.ValueString()) })
	out := make([]inputModel, 0, len(got))
	for _, i := range got {
		out = append(out, inputModel{Name: types.StringValue(i.Name), Type: types.StringValue(i.Type)})
	}
	return out
}

func policiesFromWire(got []wire.Policy, prior []policyModel) []policyModel {
	got = orderLike(got, prior,
		func(p wire.Policy) string { return pairKey(p.PolicyKey, p.PolicyType) },
		func(p policyModel) string { return pairKey(p.Key.ValueString(), p.Type.ValueString()) })
	out := make([]policyModel, 0, len(got))
	for _, p := range got {
		out = append(out, policyModel{Key: types.StringValue(p.PolicyKey), Type: types.StringValue(p.PolicyType)})
	}
	return out
}

// keepEmpty maps an empty platform value to what the prior value used for
// empty: "" when the configuration said "", null otherwise.
func keepEmpty(v string, prior types.String) types.String {
	if v != "" {
		return types.StringValue(v)
	}
	if !prior.IsNull() && !prior.IsUnknown() && prior.ValueString() == "" {
		return types.StringValue("")
	}
	return types.StringNull()
}

func (m *apiModel) identity() *idIdentity { return &idIdentity{ID: m.ID} }
