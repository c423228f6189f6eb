package provider

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var _ list.ListResourceWithConfigure = (*apiVersionListResource)(nil)

// NewAPIVersionListResource is the list resource of platform_api_version.
func NewAPIVersionListResource() list.ListResource { return &apiVersionListResource{} }

// apiVersionListResource lists versions of APIs, leaving out each API's
// latest: platform_api manages that one when imported (as the onboard
// module does it), so listing it here too would import it twice.
type apiVersionListResource struct {
	apiVersionResource
}

func (l *apiVersionListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the versions of one API, or of every API of the catalog, **except each API's latest " +
			"version**, which the API's `platform_api` manages once imported (the `platform_api` list resource lists it). " +
			"APIs by name, each API's versions oldest first; each result has the version's identity (`id`, the " +
			"APIVersionID) and a display name of the API's name and the version's, e.g. `payments 1.0`. With " +
			"`include_resource = true`, each `platform_api_version` as importing it gives it, one read per version. " +
			"Needs the provider's catalog credentials.",
		Attributes: map[string]listschema.Attribute{
			"api_id": listschema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The APIID of the API whose versions to list, e.g. `api18969.acmepaymentscorp`. " +
					"Unset: the versions of every API of the catalog (one versions list per API).",
				Validators: []validator.String{notBlank()},
			},
		},
	}
}

func (l *apiVersionListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var apiID types.String
	if diags := req.Config.GetAttribute(ctx, path.Root("api_id"), &apiID); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	streamFound(ctx, req, stream, &l.apiVersionResource, l.versions(ctx, apiID.ValueString()))
}

// versions finds the older versions of API apiID, or of every API when
// apiID is empty: one versions list per API, listParallelism at a time.
func (l *apiVersionListResource) versions(ctx context.Context, apiID string) iter.Seq[found] {
	return func(yield func(found) bool) {
		c, ok, diags := l.data.catalog()
		if !ok {
			yield(failed(notListed(diags)))
			return
		}
		apis, diags := l.apisToList(ctx, c, apiID)
		if diags.HasError() {
			yield(failed(diags))
			return
		}
		lists := ordered(ctx, slices.Values(apis), listParallelism, func(ctx context.Context, a wire.APIListItem) apiVersions {
			versions, err := c.ListVersions(ctx, a.GUID)
			return apiVersions{api: a, versions: versions, err: err}
		})
		for v := range lists {
			for _, f := range v.older(apiID != "") {
				if !yield(f) {
					return
				}
			}
		}
	}
}

// apisToList is API apiID, or every API of the catalog by name.
func (l *apiVersionListResource) apisToList(ctx context.Context, c *client.Client, apiID string) ([]wire.APIListItem, diag.Diagnostics) {
	var diags diag.Diagnostics
	if apiID == "" {
		apis, err := c.ListAPIs(ctx)
		if err != nil {
			addClientError(&diags, "listing the catalog's APIs", err)
		}
		sortByName(apis)
		return apis, diags
	}
	api, err := c.GetAPI(ctx, apiID)
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(path.Root("api_id"), "API not found",
			fmt.Sprintf("The platform has no API %q to list the versions of. Set api_id to an API's APIID, as the "+
				"platform_api list resource or the data source platform_apis shows it, or leave it out to list the versions "+
				"of every API.", apiID))
	case err != nil:
		addClientError(&diags, "reading API "+apiID, err)
	default:
		return []wire.APIListItem{{GUID: apiID, Title: api.Name}}, nil
	}
	return nil, diags
}

// apiVersions is an API's versions list, oldest first.
type apiVersions struct {
	api      wire.APIListItem
	versions []wire.APIListItem
	err      error
}

// older is every version but the latest, the last of the list
// (wire/PROTOCOL.md §1.5). An API gone since the catalog was listed has
// none, unless it was the one asked for.
func (v apiVersions) older(asked bool) []found {
	if errors.Is(v.err, client.ErrNotFound) && !asked {
		return nil
	}
	if v.err != nil {
		var diags diag.Diagnostics
		addClientError(&diags, fmt.Sprintf("listing the versions of API %s (%s)", v.api.GUID, v.api.Title), v.err)
		return []found{failed(diags)}
	}
	out := make([]found, 0, max(len(v.versions)-1, 0))
	for _, it := range v.versions[:max(len(v.versions)-1, 0)] {
		out = append(out, found{identity: &idIdentity{ID: types.StringValue(it.GUID)}, displayName: v.api.Title + " " + it.Title})
	}
	return out
}
