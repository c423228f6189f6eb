package provider

import (
	"context"
	"regexp"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var _ datasource.DataSourceWithConfigure = (*apisDataSource)(nil)

// NewAPIsDataSource is the platform_apis data source.
func NewAPIsDataSource() datasource.DataSource { return &apisDataSource{} }

type apisDataSource struct{ data *providerData }

type apisModel struct {
	NameRegex       types.String `tfsdk:"name_regex"`
	IncludeVersions types.Bool   `tfsdk:"include_versions"`
	APIs            types.List   `tfsdk:"apis"`
}

// The lists are list-of-object attributes rather than nested attributes:
// Terraform's mock providers (terraform test) before 1.17 cannot fill nested
// list attributes (hashicorp/terraform#38369), and module authors mock these.
var apiItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id": types.StringType, "name": types.StringType, "versions": types.ListType{ElemType: versionItemType},
}}

func (d *apisDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_apis"
}

func (d *apisDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the APIs of the catalog, optionally filtered by name, with one request and no " +
			"per-API reads: the starting point for bringing an existing catalog under Terraform. With " +
			"`include_versions = true` it also lists each API's versions, in one read of the data source that " +
			"fetches the version lists of the matching APIs concurrently (ten at a time): one request per API, " +
			"where one `platform_api_versions` per API would cost Terraform a data source instance each. Needs " +
			"the provider's catalog credentials (`endpoint`, `fed_member_id`, `email`, `password`).",
		Attributes: map[string]schema.Attribute{
			"name_regex": nameRegexAttribute("APIs"),
			"include_versions": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Also list each matching API's versions (`versions` of each entry of `apis`), " +
					"one request per API, ten at a time. Default `false`: `versions` is null and the read is one request.",
			},
			"apis": schema.ListAttribute{
				Computed: true, ElementType: apiItemType,
				MarkdownDescription: "The APIs, sorted by name, each an object with `id` (the `APIID`, as `platform_api` " +
					"imports it), `name` and `versions`: with `include_versions`, the API's versions oldest first, each " +
					"`{id, name}` as `platform_api_versions` lists them (the last is the API's latest), else null. An " +
					"API deleted while its versions are read is left out. Empty when nothing matches.",
			},
		},
	}
}

func (d *apisDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configured(req.ProviderData, &resp.Diagnostics)
}

func (d *apisDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m apisModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c, ok, diags := d.data.catalog()
	if resp.Diagnostics.Append(diags...); !ok || resp.Diagnostics.HasError() {
		return
	}
	items, err := c.ListAPIs(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "listing the catalog's APIs", err)
		return
	}
	re := compiled(m.NameRegex)
	items = slices.DeleteFunc(items, func(it wire.APIListItem) bool { return re != nil && !re.MatchString(it.Title) })
	sortByName(items)
	var versions map[string][]wire.APIListItem
	if m.IncludeVersions.ValueBool() {
		ids := make([]string, 0, len(items))
		for _, it := range items {
			ids = append(ids, it.GUID)
		}
		if versions, err = c.ListVersionsOfEach(ctx, ids); err != nil {
			addClientError(&resp.Diagnostics, "listing the versions of the catalog's APIs", err)
			return
		}
	}
	elems := make([]attr.Value, 0, len(items))
	for _, it := range items {
		vs := types.ListNull(versionItemType)
		if versions != nil {
			list, ok := versions[it.GUID]
			if !ok {
				continue
			}
			vs = versionItems(list)
		}
		elems = append(elems, types.ObjectValueMust(apiItemType.AttrTypes, map[string]attr.Value{
			"id": types.StringValue(it.GUID), "name": types.StringValue(it.Title), "versions": vs}))
	}
	m.APIs = types.ListValueMust(apiItemType, elems)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func nameRegexAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Keep only the " + what + " whose name matches this regular expression " +
			"([RE2 syntax](https://github.com/google/re2/wiki/Syntax)), e.g. `^orders-`. Unanchored: it may match any part of the name.",
		Validators: []validator.String{validRegex()},
	}
}

// sortByName sorts APIs by name, and APIs of one name by ID.
func sortByName(items []wire.APIListItem) {
	sort.Slice(items, func(i, j int) bool {
		if items[i].Title != items[j].Title {
			return items[i].Title < items[j].Title
		}
		return items[i].GUID < items[j].GUID
	})
}

// compiled is the filter of a validated name_regex, or nil when unset.
func compiled(v types.String) *regexp.Regexp {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return regexp.MustCompile(v.ValueString())
}
