package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"golang.org/x/sync/errgroup"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var _ datasource.DataSourceWithConfigure = (*apiProxiesDataSource)(nil)

// NewAPIProxiesDataSource is the platform_api_proxies data source.
func NewAPIProxiesDataSource() datasource.DataSource { return &apiProxiesDataSource{} }

type apiProxiesDataSource struct{ data *providerData }

type apiProxiesModel struct {
	ProjectName    types.String `tfsdk:"project_name"`
	NameRegex      types.String `tfsdk:"name_regex"`
	APIType        types.String `tfsdk:"api_type"`
	IncludeDetails types.Bool   `tfsdk:"include_details"`
	APIProxies     types.List   `tfsdk:"api_proxies"`
}

// A list-of-object attribute, like platform_apis' apis, so that module tests
// can mock it.
var proxyItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name": types.StringType, "description": types.StringType, "api_type": types.StringType,
	"relative_path": types.StringType, "from_specification": types.BoolType,
	"relative_paths": types.ListType{ElemType: types.StringType}, "load_balance_algorithm": types.StringType}}

func (d *apiProxiesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_proxies"
}

func (d *apiProxiesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the API proxies of a project, optionally filtered by name and API type, with one " +
			"request and no per-proxy reads unless `include_details` asks for them. A project that does not exist is an " +
			"error. Needs the provider's `endpoint` and `token`.",
		Attributes: map[string]schema.Attribute{
			"project_name": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the project.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"name_regex": nameRegexAttribute("proxies"),
			"api_type": schema.StringAttribute{Optional: true, MarkdownDescription: "Keep only proxies of this type: `REST`, `SOAP` or `AI` (an LLM gateway, whose routing is the platform's ai-routing).",
				Validators: []validator.String{stringvalidator.OneOf("REST", "SOAP", "AI")}},
			"include_details": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Also read each listed proxy (one request each, several at a time) for " +
					"`from_specification`, `relative_paths` and `load_balance_algorithm`, which the list does not report. " +
					"The onboarding module asks for it to tell which proxies `platform_api_proxy` can import.",
			},
			"api_proxies": schema.ListAttribute{
				Computed: true, ElementType: proxyItemType,
				MarkdownDescription: "The proxies, sorted by name, each an object with `name`, `description`, `api_type` " +
					"(`REST`, `SOAP` or `AI`) and `relative_path` (where clients call it: the first of its relative paths). " +
					"With `include_details`, also `from_specification` (whether the platform made it from an OpenAPI " +
					"document, so that `platform_api_proxy` can manage it: it reports the operations of such a proxy), " +
					"`relative_paths` and `load_balance_algorithm`; without, these are null. Empty when nothing matches.",
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
	project := m.ProjectName.ValueString()
	items, diags := proxiesOf(ctx, c, project)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	re := compiled(m.NameRegex)
	items = slices.DeleteFunc(items, func(it wire.ProxyListItem) bool {
		return (re != nil && !re.MatchString(it.Name)) || (!m.APIType.IsNull() && it.Type != m.APIType.ValueString())
	})
	var details []*wire.APIProxy
	if m.IncludeDetails.ValueBool() {
		var err error
		if details, err = readProxies(ctx, c, project, items); err != nil {
			addClientError(&resp.Diagnostics, fmt.Sprintf("reading the API proxies of project %q", project), err)
			return
		}
	}
	elems := make([]attr.Value, 0, len(items))
	for i, it := range items {
		var px *wire.APIProxy
		if details != nil {
			px = details[i]
		}
		elems = append(elems, proxyItem(it, px))
	}
	m.APIProxies = types.ListValueMust(proxyItemType, elems)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// proxyItem is one element of api_proxies: what the list says, and what
// px says when the proxy was read (nil: not asked for, or gone since).
func proxyItem(it wire.ProxyListItem, px *wire.APIProxy) attr.Value {
	vals := map[string]attr.Value{
		"name": types.StringValue(it.Name), "description": types.StringValue(it.Description),
		"api_type": types.StringValue(it.Type), "relative_path": types.StringValue(it.RelativePath),
		"from_specification": types.BoolNull(), "relative_paths": types.ListNull(types.StringType),
		"load_balance_algorithm": types.StringNull(),
	}
	if px != nil {
		vals["from_specification"] = types.BoolValue(px.EndpointList != nil && px.APIType != aiProxyType)
		vals["load_balance_algorithm"] = types.StringValue(px.Routing.LoadBalanceAlgorithm)
		if px.ClientRoute != nil {
			vals["relative_paths"] = stringList(px.ClientRoute.RelativePathList)
		}
	}
	return types.ObjectValueMust(proxyItemType.AttrTypes, vals)
}

// proxyReaders bounds the reads include_details makes at once.
const proxyReaders = 8

// readProxies reads each proxy of items, proxyReaders at a time; one gone
// since the list is nil.
func readProxies(ctx context.Context, c *client.Client, project string, items []wire.ProxyListItem) ([]*wire.APIProxy, error) {
	out := make([]*wire.APIProxy, len(items))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(proxyReaders)
	for i, it := range items {
		g.Go(func() error {
			px, err := c.GetAPIProxy(gctx, project, it.Name)
			if errors.Is(err, client.ErrNotFound) {
				return nil
			}
			out[i] = px
			return err
		})
	}
	return out, g.Wait()
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
