package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func proxyRoutingSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The routing of an existing API proxy: its backend addresses, whether routing is on, " +
			"and the environments the routing is deployed to so that it takes effect. The proxy itself is not " +
			"created or deleted: creating this resource sets the proxy's address list, and destroying it clears " +
			"the list without deploying (live traffic keeps the last deployed routing).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`{project_name}/{api_proxy_name}`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"project_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the project that holds the API proxy (case-sensitive). Changing it forces a new resource.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"api_proxy_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the API proxy (case-sensitive). Changing it forces a new resource.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"routing_enabled": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether the proxy routes traffic at all. When set, Terraform manages it (and shows a " +
					"change made elsewhere as drift); when left out, it is left as it is on the platform.",
			},
			"deploy_environments": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Environments (e.g. `production`) to deploy every change to, so that it takes effect " +
					"there. An environment counts as deployed only while the platform runs the saved routing there; " +
					"otherwise the next plan deploys again. Removing an environment stops deploying there without " +
					"undeploying; environments outside the set are never touched.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(notBlank())},
			},
			"api_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The proxy's API type, `REST` or `SOAP`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"load_balance_algorithm": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The proxy's load-balance algorithm (`ROUND_ROBIN`, `WEIGHTED`, `LRU`, `RANDOM` or " +
					"`PICK_FIRST`). It is configured on the platform, not here; `weight` only matters with `WEIGHTED`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"routing_address": schema.ListNestedBlock{
				MarkdownDescription: "A backend address the proxy routes to; repeat the block for each. The whole list " +
					"is sent on every change. The order the platform returns them in does not matter. With no block " +
					"the proxy has no address and routing through it fails.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"address": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "Absolute `http://` or `https://` URL of the backend. Each address may appear once.",
							Validators:          []validator.String{httpURL()},
						},
						"weight": schema.Int64Attribute{
							Optional: true, Computed: true,
							Default:             int64default.StaticInt64(1),
							MarkdownDescription: "Load-balancing weight, at least 1; a higher weight gets more traffic when the algorithm is `WEIGHTED`. Defaults to `1`.",
							Validators:          []validator.Int64{int64validator.AtLeast(1)},
						},
						"soap_type": schema.StringAttribute{
							Optional: true, Computed: true,
							MarkdownDescription: "`SOAP11` or `SOAP12`, for SOAP proxies only; the platform uses `SOAP11` when unset. " +
								"Setting it on a REST proxy is an error.",
							Validators: []validator.String{stringvalidator.OneOf("SOAP11", "SOAP12")},
						},
					},
				},
			},
		},
	}
}
