package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var _ list.ListResourceWithConfigure = (*apiProxyListResource)(nil)

// NewAPIProxyListResource is the list resource of platform_api_proxy.
func NewAPIProxyListResource() list.ListResource { return &apiProxyListResource{} }

// apiProxyListResource lists a project's API proxies made from an OpenAPI
// document: the proxy list does not say how a proxy was made, so each REST
// proxy is read once to tell (its answer reports operations only then).
type apiProxyListResource struct {
	apiProxyResource
}

type apiProxyListConfig struct {
	ProjectName types.String `tfsdk:"project_name"`
	NameRegex   types.String `tfsdk:"name_regex"`
}

func (l *apiProxyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists a project's API proxies made from an OpenAPI document, sorted by name; each result " +
			"has the proxy's identity (`project_name`, `name`) and its name as display name. The proxy list does not say " +
			"how a proxy was made, so each REST proxy is read once (several at a time) to tell; with " +
			"`include_resource = true`, each `platform_api_proxy` as importing it gives it, from that same read. The " +
			"platform does not report the document: a configuration generated from the results needs `specification` " +
			"or `specification_url` before it plans. Needs the provider's `token`.",
		Attributes: map[string]listschema.Attribute{
			"project_name": listProjectName(),
			"name_regex":   listNameRegex("API proxies"),
		},
	}
}

func (l *apiProxyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg apiProxyListConfig
	diags := req.Config.Get(ctx, &cfg)
	keep, d := nameFilter(ctx, req.Config)
	if diags.Append(d...); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	// The reads that tell which proxies were made from a document are
	// recorded, and the reads of include_resource take their answers: one
	// read per proxy in all.
	answers := &client.Answers{}
	actx := client.WithAnswers(ctx, answers)
	streamFound(actx, req, stream, &l.apiProxyResource, l.proxies(actx, answers, cfg, keep))
}

// proxies finds the proxies of the project that cfg names and keep keeps
// that the platform made from a document: one list, and one read per REST
// proxy.
func (l *apiProxyListResource) proxies(ctx context.Context, answers *client.Answers, cfg apiProxyListConfig, keep func(string) bool) iter.Seq[found] {
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
		rest := make([]wire.ProxyListItem, 0, len(items))
		for _, it := range items {
			if it.Type == specProxyType && keep(it.Name) {
				rest = append(rest, it)
			}
		}
		read, err := readProxies(ctx, c, project, rest)
		if err != nil {
			addClientError(&diags, "reading the API proxies of project "+project, err)
			yield(failed(diags))
			return
		}
		answers.Replay()
		for i, it := range rest {
			if read[i] == nil || read[i].EndpointList == nil {
				continue
			}
			identity := &apiProxyIdentity{ProjectName: types.StringValue(project), Name: types.StringValue(it.Name)}
			if !yield(found{identity: identity, displayName: it.Name}) {
				return
			}
		}
	}
}
