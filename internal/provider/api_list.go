package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = (*apiListResource)(nil)

// NewAPIListResource is the list resource of platform_api.
func NewAPIListResource() list.ListResource { return &apiListResource{} }

// apiListResource lists the catalog's APIs; its resource gives it its type
// name and Configure, and the import and refresh of include_resource.
type apiListResource struct {
	apiResource
}

func (l *apiListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the catalog's APIs, sorted by name, each with its identity (`id`, the APIID) and its " +
			"name as display name; with `include_resource = true`, each `platform_api` as importing it gives it (managing " +
			"the API's latest version), one read per API. Needs the provider's catalog credentials.",
		Attributes: map[string]listschema.Attribute{
			"name_regex": listNameRegex("APIs"),
		},
	}
}

func (l *apiListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	keep, diags := nameFilter(ctx, req.Config)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	streamFound(ctx, req, stream, &l.apiResource, l.apis(ctx, keep))
}

// apis finds the catalog's APIs whose name keep keeps, with one request.
func (l *apiListResource) apis(ctx context.Context, keep func(string) bool) iter.Seq[found] {
	return func(yield func(found) bool) {
		c, ok, diags := l.data.catalog()
		if !ok {
			yield(failed(notListed(diags)))
			return
		}
		items, err := c.ListAPIs(ctx)
		if err != nil {
			addClientError(&diags, "listing the catalog's APIs", err)
			yield(failed(diags))
			return
		}
		sortByName(items)
		for _, it := range items {
			if keep(it.Title) && !yield(found{identity: &idIdentity{ID: types.StringValue(it.GUID)}, displayName: it.Title}) {
				return
			}
		}
	}
}

// notListed is why nothing could be listed when the provider has no client
// for it: diags name the missing credential; without them, the provider's
// own configuration failed, and its error is already shown.
func notListed(diags diag.Diagnostics) diag.Diagnostics {
	if diags.HasError() {
		return diags
	}
	diags.AddError("Nothing listed", "The provider has no working configuration (see the provider's error above), so nothing could be listed.")
	return diags
}
