package provider

import (
	"context"
	"regexp"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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

// liveRoutesTimeout bounds a wait for live routes when the configuration
// sets no timeout.
const liveRoutesTimeout = 5 * time.Minute

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
			"wait_for_live_routes": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "After each deployment of an apply, wait until every gateway pod of each environment it " +
					"deployed to serves the route (the platform's route-health), so that the apply ends once traffic flows. " +
					"Environments are waited for at the same time, for at most the `create` or `update` timeout (default " +
					"5 minutes). A route that does not go live in time is an error naming the environment and the pods that " +
					"serve it; the routing stays saved and the next plan deploys there again. Needs `deploy_environments`, and " +
					"a manager of the routing vendor's April 2026 release or later.",
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
			"timeouts": timeouts.Block(context.Background(), timeouts.Opts{Create: true, Update: true,
				CreateDescription: "How long an apply that creates the resource waits for live routes (`wait_for_live_routes`), " +
					"as a duration such as `\"10m\"`. Defaults to 5 minutes.",
				UpdateDescription: "How long an apply that updates the resource waits for live routes, as a duration such as " +
					"`\"10m\"`. Defaults to 5 minutes."}),
			"routing_address": schema.ListNestedBlock{
				MarkdownDescription: "A backend address the proxy routes to; repeat the block for each. The whole list " +
					"is sent on every change. The order the platform returns them in does not matter. With no block " +
					"the proxy has no address and routing through it fails.",
				NestedObject: schema.NestedBlockObject{
					Attributes: routingAddressAttributes(),
				},
			},
		},
	}
}

// routingAddressDocs says, per attribute of a routing address, what it is,
// what writing it does, and what reading it gives: the resource's block
// says the first two, the data source's routing_addresses the first and
// the last.
var routingAddressDocs = map[string]struct{ what, written, read string }{
	"address": {"Absolute `http://` or `https://` URL of the backend.", "Each address may appear once.", ""},
	"weight": {"Load-balancing weight, at least 1; a higher weight gets more traffic when the algorithm is `WEIGHTED`.",
		"Defaults to `1`.", "`1` where the platform reports none."},
	"soap_type": {"`SOAP11` or `SOAP12`, for SOAP proxies only; the platform uses `SOAP11` when unset.",
		"Setting it on a REST proxy is an error.", unreported},
	"address_type": {"The address's role: `PRIMARY` takes normal traffic, `CANARY` a share of it, `MIRROR` a copy of it " +
		"(its answers are discarded), `FAILOVER_ONLY` traffic only while no `PRIMARY` address is healthy. Unset means " +
		"`PRIMARY`. A list of addresses needs at least one `PRIMARY`.",
		"Sent only when set; managers before the routing vendor's April 2026 release ignore it.", unreported},
	"description": {"What the address is for, e.g. `4.2 canary`.", "Sent only when set.", unreported},
	"health_check_path": {"Path the gateways probe to tell whether the address is healthy, e.g. `/health`; it starts " +
		"with `/`. Only for `PRIMARY` and `FAILOVER_ONLY` addresses.", "Sent only when set.", unreported},
	"health_monitoring_enabled": {"Whether the gateways monitor the address's health.",
		"Sent only when set; where the platform reports it, a change made there shows as drift.", unreported},
}

// unreported is what the data source says of an attribute the platform may
// leave out of its answer.
const unreported = "Null where the platform does not report it (the routing vendor's current release reports only " +
	"`health_monitoring_enabled` of these)."

// routingAddressAttributes are a routing address's attributes: the
// resource's routing_address block, and, through reportedAddressAttributes,
// the data source's routing_addresses.
func routingAddressAttributes() map[string]schema.Attribute {
	doc := func(name string) string {
		return routingAddressDocs[name].what + " " + routingAddressDocs[name].written
	}
	return map[string]schema.Attribute{
		"address": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: doc("address"),
			Validators:          []validator.String{httpURL()},
		},
		"weight": schema.Int64Attribute{
			Optional: true, Computed: true,
			Default:             int64default.StaticInt64(defaultWeight),
			MarkdownDescription: doc("weight"),
			Validators:          []validator.Int64{int64validator.AtLeast(1)},
		},
		"soap_type": schema.StringAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: doc("soap_type"),
			Validators:          []validator.String{stringvalidator.OneOf("SOAP11", "SOAP12")},
		},
		"address_type": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: doc("address_type"),
			Validators:          []validator.String{stringvalidator.OneOf(wire.AddressTypes...)},
		},
		"description": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: doc("description"),
		},
		"health_check_path": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: doc("health_check_path"),
			Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^/`), "must start with /")},
		},
		"health_monitoring_enabled": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: doc("health_monitoring_enabled"),
		},
	}
}

// defaultWeight is an address's weight when none is set or reported.
const defaultWeight = 1
