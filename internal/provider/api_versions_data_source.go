package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var _ datasource.DataSourceWithConfigure = (*apiVersionsDataSource)(nil)

// NewAPIVersionsDataSource is the platform_api_versions data source.
func NewAPIVersionsDataSource() datasource.DataSource { return &apiVersionsDataSource{} }

type apiVersionsDataSource struct{ data *providerData }

type apiVersionsModel struct {
	APIID    types.String `tfsdk:"api_id"`
	Versions types.List   `tfsdk:"versions"`
}

// A list-of-object attribute, like platform_apis' apis, so that module tests
// can mock it.
var versionItemType = types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType, "name": types.StringType}}

func (d *apiVersionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_versions"
}

func (d *apiVersionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the versions of an API, oldest first, with one request: the IDs to import as " +
			"`platform_api_version`. The last one is the API's latest. An API that does not exist is an error. Needs " +
			"the provider's catalog credentials (`endpoint`, `fed_member_id`, `email`, `password`).",
		Attributes: map[string]schema.Attribute{
			"api_id": schema.StringAttribute{Required: true, MarkdownDescription: "ID of the API (`APIID`).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"versions": schema.ListAttribute{
				Computed: true, ElementType: versionItemType,
				MarkdownDescription: "The versions, oldest first, each an object with `id` (the `APIVersionID`, as " +
					"`platform_api_version` imports it) and `name`.",
			},
		},
	}
}

func (d *apiVersionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configured(req.ProviderData, &resp.Diagnostics)
}

func (d *apiVersionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m apiVersionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c, ok, diags := d.data.catalog()
	if resp.Diagnostics.Append(diags...); !ok || resp.Diagnostics.HasError() {
		return
	}
	apiID := m.APIID.ValueString()
	items, err := c.ListVersions(ctx, apiID)
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(path.Root("api_id"), "API not found",
			fmt.Sprintf("The platform has no API with ID %q.", apiID))
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "listing the versions of API "+apiID, err)
		return
	}
	m.Versions = versionItems(items)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// versionItems is a version list as the data sources expose it: {id,
// name} in the platform's order, oldest first.
func versionItems(items []wire.APIListItem) types.List {
	elems := make([]attr.Value, 0, len(items))
	for _, it := range items {
		elems = append(elems, types.ObjectValueMust(versionItemType.AttrTypes, map[string]attr.Value{
			"id": types.StringValue(it.GUID), "name": types.StringValue(it.Title)}))
	}
	return types.ListValueMust(versionItemType, elems)
}
