package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = (*proxyRoutingListResource)(nil)

// NewProxyRoutingListResource is the list resource of platform_proxy_routing.
func NewProxyRoutingListResource() list.ListResource { return &proxyRoutingListResource{} }

// proxyRoutingListResource lists the routing of a project's API proxies,
// leaving out AI proxies, whose routing is not managed here.
type proxyRoutingListResource struct {
	proxyRoutingResource
}

type proxyRoutingListConfig struct {
	ProjectName types.String `tfsdk:"project_name"`
	NameRegex   types.String `tfsdk:"name_regex"`
	APIType     types.String `tfsdk:"api_type"`
}

func (l *proxyRoutingListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the routing of a project's API proxies, sorted by name, with one request; each result " +
			"has the routing's identity (`project_name`, `api_proxy_name`) and the proxy's name as display name. AI proxies " +
			"(LLM gateways) are left out: their routing is not managed by `platform_proxy_routing`. With " +
			"`include_resource = true`, each `platform_proxy_routing` as importing it gives it, one read per proxy. Needs " +
			"the provider's `token`.",
		Attributes: map[string]listschema.Attribute{
			"project_name": listProjectName(),
			"name_regex":   listNameRegex("API proxies"),
			"api_type": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "List only proxies of this type: `REST` or `SOAP`.",
				Validators:          []validator.String{stringvalidator.OneOf("REST", "SOAP")},
			},
		},
	}
}

func (l *proxyRoutingListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg proxyRoutingListConfig
	diags := req.Config.Get(ctx, &cfg)
	keep, d := nameFilter(ctx, req.Config)
	if diags.Append(d...); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	streamFound(ctx, req, stream, &l.proxyRoutingResource, l.routings(ctx, cfg, keep))
}

// routings finds the proxies of the project that cfg names and keep keeps,
// with one request.
func (l *proxyRoutingListResource) routings(ctx context.Context, cfg proxyRoutingListConfig, keep func(string) bool) iter.Seq[found] {
	return func(yield func(found) bool) {
		c, ok, diags := l.data.apiops()
		if !ok {
			yield(failed(notListed(diags)))
			return
		}
		project := cfg.ProjectName.ValueString()
		items, diags := proxiesOf(ctx, c, project)
		if diags.HasError() {
			yield(failed(diags))
			return
		}
		for _, it := range items {
			if it.Type == aiProxyType || !keep(it.Name) || (!cfg.APIType.IsNull() && it.Type != cfg.APIType.ValueString()) {
				continue
			}
			identity := &routingIdentity{ProjectName: types.StringValue(project), APIProxyName: types.StringValue(it.Name)}
			if !yield(found{identity: identity, displayName: it.Name}) {
				return
			}
		}
	}
}
