package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/openapi"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// apiProxyResourceModel is a platform_api_proxy. The platform never reports
// the document or URL a proxy was made from (wire/PROTOCOL.md §2.9): state
// keeps what was sent, and operations is what the platform reports of it.
type apiProxyResourceModel struct {
	ID                   types.String `tfsdk:"id"`
	ProjectName          types.String `tfsdk:"project_name"`
	Name                 types.String `tfsdk:"name"`
	Description          types.String `tfsdk:"description"`
	Specification        types.String `tfsdk:"specification"`
	SpecificationURL     types.String `tfsdk:"specification_url"`
	RelativePaths        types.List   `tfsdk:"relative_paths"`
	LoadBalanceAlgorithm types.String `tfsdk:"load_balance_algorithm"`
	DeployEnvironments   types.Set    `tfsdk:"deploy_environments"`
	APIType              types.String `tfsdk:"api_type"`
	Operations           types.Set    `tfsdk:"operations"`
}

func (m *apiProxyResourceModel) names() (project, name string) {
	return m.ProjectName.ValueString(), m.Name.ValueString()
}

func (m *apiProxyResourceModel) identity() *apiProxyIdentity {
	return &apiProxyIdentity{ProjectName: m.ProjectName, Name: m.Name}
}

// fromURL reports whether the platform reads m's document from a URL.
func (m *apiProxyResourceModel) fromURL() bool { return !m.SpecificationURL.IsNull() }

// source is the specification m sends.
func (m *apiProxyResourceModel) source() client.ProxySource {
	if m.fromURL() {
		return client.ProxySource{URL: m.SpecificationURL.ValueString()}
	}
	return client.ProxySource{Document: []byte(m.Specification.ValueString())}
}

// toWire is the metadata of a create or re-parse of m that deploys to envs.
// The creation type follows the document's version; for a URL, which the
// provider does not read, it is OPEN_API, which the platform takes for
// either version. The routing addresses and routing status are left out:
// they are platform_proxy_routing's, and a re-parse keeps them.
func (m *apiProxyResourceModel) toWire(ctx context.Context, spec openapi.Spec, envs []string) (wire.SpecProxyMetadata, diag.Diagnostics) {
	var paths []string
	diags := m.RelativePaths.ElementsAs(ctx, &paths, false)
	meta := wire.SpecProxyMetadata{
		APIProxyName:         m.Name.ValueString(),
		APIProxyCreationType: wire.CreationOpenAPI,
		APIProxyDescription:  m.Description.ValueString(),
		ClientRoute:          &wire.ClientRoute{RelativePathList: paths},
		RoutingInfo:          &wire.RoutingInfo{LoadBalanceAlgorithm: m.LoadBalanceAlgorithm.ValueString()},
	}
	if !m.fromURL() && spec.Swagger {
		meta.APIProxyCreationType = wire.CreationSwagger
	}
	if len(envs) > 0 {
		meta.Deploy = wire.Deploy{Deploy: true, DeployTargetEnvironmentNameList: envs}
	}
	return meta, diags
}

// fromWire copies what the platform reports of the proxy into m.
func (m *apiProxyResourceModel) fromWire(px *wire.APIProxy) {
	m.ID = types.StringValue(routingID(m.names()))
	m.APIType = types.StringValue(px.APIType)
	m.Description = types.StringValue(px.Description)
	m.LoadBalanceAlgorithm = types.StringValue(px.Routing.LoadBalanceAlgorithm)
	if px.ClientRoute != nil {
		m.RelativePaths = stringList(px.ClientRoute.RelativePathList)
	}
	m.Operations = reportedOperations(px.EndpointList)
}

// operationKey is how an operation appears in operations: "GET /orders".
func operationKey(method, path string) string { return method + " " + path }

// reportedOperations are the operations of a proxy's endpointList, but
// TRACE (and any method openapi_operations leaves out), so that they
// compare with a document's as the provider reads it.
func reportedOperations(list []wire.ProxyEndpoint) types.Set {
	keys := make([]string, 0, len(list))
	for _, e := range list {
		if slices.Contains(openapi.Methods, e.HTTPMethod) {
			keys = append(keys, operationKey(e.HTTPMethod, e.Endpoint))
		}
	}
	return stringSet(keys)
}

// documentOperations are the operations of a document, as
// reportedOperations gives a proxy's.
func documentOperations(ops []openapi.Operation) types.Set {
	keys := make([]string, 0, len(ops))
	for _, op := range ops {
		keys = append(keys, operationKey(op.Method, op.Path))
	}
	return stringSet(keys)
}

// stringSet is a set of values, sorted: a set's order means nothing to
// Terraform, but equal values compare equal only in the same order.
func stringSet(values []string) types.Set {
	values = slices.Compact(slices.Sorted(slices.Values(values)))
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

func stringList(values []string) types.List {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.ListValueMust(types.StringType, elems)
}

// setStrings are the known strings of a set.
func setStrings(s types.Set) map[string]bool {
	out := map[string]bool{}
	if s.IsNull() || s.IsUnknown() {
		return out
	}
	for _, e := range s.Elements() {
		if v, ok := e.(types.String); ok && !v.IsUnknown() {
			out[v.ValueString()] = true
		}
	}
	return out
}
