package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var _ datasource.DataSourceWithConfigure = (*apiProxiesDataSource)(nil)

// NewAPIProxiesDataSource is the platform_api_proxies data source.
func NewAPIProxiesDataSource() datasource.DataSource { return &apiProxiesDataSource{} }

type apiProxiesDataSource struct{ data *providerData }

type apiProxiesModel struct {
	ProjectName types.String `tfsdk:"project_name"`
	NameRegex   types.String `tfsdk:"name_regex"`
	APIType     types.String `tfsdk:"api_type"`
	APIProxies  types.List   `tfsdk:"api_proxies"`
}

// A list-of-object attribute, like platform_apis' apis, so that module tests
// can mock it.
var proxyItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name": types.StringType, "description": types.StringType, "api_type": types.StringType}}

func (d *apiProxiesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_proxies"
}

func (d *apiProxiesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the API proxies of a project, optionally filtered by name and API type, with one " +
			"request and no per-proxy reads. A project that does not exist is an error. Needs the provider's " +
			"`endpoint` and `token`.",
		Attributes: map[string]schema.Attribute{
			"project_name": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the project.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"name_regex": nameRegexAttribute("proxies"),
			"api_type": schema.StringAttribute{Optional: true, MarkdownDescription: "Keep only proxies of this type: `REST`, `SOAP` or `AI` (an LLM gateway, whose routing is the platform's ai-routing).",
				Validators: []validator.String{stringvalidator.OneOf("REST", "SOAP", "AI")}},
			"api_proxies": schema.ListAttribute{
				Computed: true, ElementType: proxyItemType,
				MarkdownDescription: "The proxies, sorted by name, each an object with `name`, `description` and " +
					"`api_type` (`REST`, `SOAP` or `AI`). Empty when nothing matches.",
			},
		},
	}
}

func (d *apiProxiesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configured(req.ProviderData, &resp.Diagnostics)
}

func (d *apiProxiesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m apiProxiesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c, ok, diags := d.data.apiops()
	if resp.Diagnostics.Append(diags...); !ok || resp.Diagnostics.HasError() {
		return
	}
	items, diags := proxiesOf(ctx, c, m.ProjectName.ValueString())
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	re := compiled(m.NameRegex)
	elems := make([]attr.Value, 0, len(items))
	for _, it := range items {
		if (re != nil && !re.MatchString(it.Name)) || (!m.APIType.IsNull() && it.Type != m.APIType.ValueString()) {
			continue
		}
		elems = append(elems, types.ObjectValueMust(proxyItemType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(it.Name), "description": types.StringValue(it.Description),
			"api_type": types.StringValue(it.Type)}))
	}
	m.APIProxies = types.ListValueMust(proxyItemType, elems)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// proxiesOf lists the API proxies of project, sorted by name; a project the
// platform does not have is an error at project_name.
func proxiesOf(ctx context.Context, c *client.Client, project string) ([]wire.ProxyListItem, diag.Diagnostics) {
	var diags diag.Diagnostics
	items, err := c.ListAPIProxies(ctx, project)
	switch {
	case errors.Is(err, client.ErrNotFound):
		diags.AddAttributeError(path.Root("project_name"), "Project not found",
			fmt.Sprintf("The platform has no project %q.", project))
	case err != nil:
		addClientError(&diags, fmt.Sprintf("listing the API proxies of project %q", project), err)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Name < items[j].Name })
	return items, diags
}
