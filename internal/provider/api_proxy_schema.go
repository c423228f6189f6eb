package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

func apiProxySchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "An API proxy made from the API's OpenAPI 3.0/3.1 or Swagger 2.0 document, uploaded or " +
			"read by the platform from a URL. A new document, URL, relative paths, algorithm or description re-parses " +
			"the proxy in place (its policies, settings and routing addresses stay) and deploys it again to " +
			"`deploy_environments`. Destroying it deletes the proxy, which undeploys it from every environment of " +
			"the project. Its routing addresses are `platform_proxy_routing`'s. Needs the provider's `endpoint` and `token`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`{project_name}/{name}`, the import ID.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"project_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the project that holds the proxy (case-sensitive). Changing it forces a new resource.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the API proxy, unique in the project (case-sensitive). Changing it forces a " +
					"new resource.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The proxy's description. Left out, the platform's stays as it is (empty on create). " +
					"The platform cannot remove a description: `\"\"` is refused at plan time for a proxy that has one.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"specification": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The text of the OpenAPI 3.0/3.1 or Swagger 2.0 document, JSON or YAML, e.g. " +
					"`file(\"${path.module}/orders.yaml\")`; uploaded on create and on every re-parse. Checked at plan time " +
					"with the parser of `provider::platform::openapi_operations`. Exactly one of `specification` and " +
					"`specification_url`.",
			},
			"specification_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "An `http://` or `https://` URL the platform reads the document from, on create and on " +
					"every re-parse; the provider itself never reads it. Exactly one of `specification` and " +
					"`specification_url`.",
				Validators: []validator.String{httpURL()},
			},
			"relative_paths": schema.ListAttribute{
				Required: true, ElementType: types.StringType,
				MarkdownDescription: "Where clients call the proxy on the gateways, e.g. `[\"/orders\"]`: distinct paths, " +
					"each starting with `/`; the first is the one the proxy list and route-health report.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(regexp.MustCompile(`^/`), "must start with /"))},
			},
			"load_balance_algorithm": schema.StringAttribute{
				Optional: true, Computed: true,
				Default: stringdefault.StaticString(wire.LoadBalanceAlgorithms[0]),
				MarkdownDescription: "How the gateways spread requests over the routing addresses: `ROUND_ROBIN` (the " +
					"default), `WEIGHTED` (by each address's `weight`), `LRU`, `RANDOM` or `PICK_FIRST`.",
				Validators: []validator.String{stringvalidator.OneOf(wire.LoadBalanceAlgorithms...)},
			},
			"deploy_environments": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Environments (e.g. `test`) to deploy the proxy to on create and after every re-parse; " +
					"adding one deploys there alone. A deployment that fails leaves its environment out of the state, so " +
					"the next plan deploys there again (after a create, see Deployment failures). Removing one stops deploying there without undeploying. Names the " +
					"project does not have are refused at plan time.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(notBlank())},
			},
			"api_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The proxy's API type: `REST`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"operations": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The proxy's operations as the platform reports them, each `\"METHOD /path\"` (e.g. " +
					"`\"GET /orders/{id}\"`; TRACE left out, as `openapi_operations` leaves it out). A plan shows the " +
					"operations a new document adds or removes here, and so does a plan that re-parses because they " +
					"were changed outside Terraform.",
			},
		},
	}
}
