package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithIdentity = (*apiResource)(nil)
	_ resource.ResourceWithIdentity = (*proxyRoutingResource)(nil)
)

// apiIdentity identifies a platform_api for import blocks with identity
// (Terraform 1.12+, OpenTofu 1.12): the API's ID.
type apiIdentity struct {
	ID types.String `tfsdk:"id"`
}

// routingIdentity identifies a platform_proxy_routing: its project and proxy.
type routingIdentity struct {
	ProjectName  types.String `tfsdk:"project_name"`
	APIProxyName types.String `tfsdk:"api_proxy_name"`
}

func (r *apiResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true,
			Description: "The API's ID (APIID), e.g. api18969.acmepaymentscorp."},
	}}
}

func (r *proxyRoutingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"project_name":   identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the project that holds the API proxy."},
		"api_proxy_name": identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the API proxy."},
	}}
}

// setIdentity records identity where the CLI supports identities; older
// CLIs send none and ignore what comes back.
func setIdentity(ctx context.Context, dst *tfsdk.ResourceIdentity, identity any, diags *diag.Diagnostics) {
	if dst != nil {
		diags.Append(dst.Set(ctx, identity)...)
	}
}

func (m *apiModel) identity() *apiIdentity { return &apiIdentity{ID: m.ID} }

func (m *proxyRoutingModel) identity() *routingIdentity {
	return &routingIdentity{ProjectName: m.ProjectName, APIProxyName: m.APIProxyName}
}

// removed drops a resource the platform no longer has, so that the next plan
// creates it again. The identity stays: the framework (1.19) refuses a Read
// that returns none, even for a removed resource.
func removed(ctx context.Context, resp *resource.ReadResponse, identity any) {
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.State.RemoveResource(ctx)
}
