package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = (*apiDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*apiDataSource)(nil)
)

// NewAPIDataSource is the platform_api data source.
func NewAPIDataSource() datasource.DataSource { return &apiDataSource{} }

type apiDataSource struct {
	data *providerData
}

func (d *apiDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api"
}

func (d *apiDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	rs := apiResourceSchema()
	attrs := computedAttributes(rs.Attributes)
	attrs["id"] = schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: "The API's ID (`APIID`) to read, e.g. `api18969.acmepaymentscorp`. Exactly one of `id` and `name`.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}}
	attrs["name"] = schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: "The name of the API to read; names are unique in a tenant. Exactly one of `id` and `name`.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an API of the catalog, with its latest version, by `id` or by `name`. It exposes " +
			"every attribute of the `platform_api` resource with the same names and nesting, so references read " +
			"alike: `data.platform_api.x.version.endpoints[0].uri`. An API that does not exist is an error.",
		Attributes: attrs,
	}
}

func (d *apiDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *apiDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configured(req.ProviderData, &resp.Diagnostics)
}

func (d *apiDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg apiModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	c, ok, diags := d.data.catalog()
	if resp.Diagnostics.Append(diags...); !ok || resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	if id == "" {
		if id = lookupAPIByName(ctx, c, cfg.Name.ValueString(), resp); id == "" {
			return
		}
	}
	api, err := c.GetAPI(ctx, id)
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "API not found",
			fmt.Sprintf("The platform has no API with ID %q.", id))
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "reading API "+id, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, apiFromWire(api, api.APIVersion, nil))...)
}

// lookupAPIByName returns the ID of the one API named name, or "" after
// adding the error that says why there is none.
func lookupAPIByName(ctx context.Context, c *client.Client, name string, resp *datasource.ReadResponse) string {
	ids, err := c.FindAPIsByName(ctx, name)
	switch {
	case err != nil:
		addClientError(&resp.Diagnostics, fmt.Sprintf("listing APIs to find %q", name), err)
	case len(ids) == 0:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "API not found",
			fmt.Sprintf("The platform has no API named %q.", name))
	case len(ids) > 1:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Several APIs have this name",
			fmt.Sprintf("The platform has %d APIs named %q (%s); read one by id instead.", len(ids), name, strings.Join(ids, ", ")))
	default:
		return ids[0]
	}
	return ""
}
