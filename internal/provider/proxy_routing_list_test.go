package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func routingIdentityOf(project, proxy string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"project_name": knownvalue.StringExact(project), "api_proxy_name": knownvalue.StringExact(proxy)}
}

// The routing of a project's proxies, by name, AI proxies left out: the
// estate's shop holds "Orders API", "_private" and orders_api (REST) and
// the AI proxy ai-0; "R&D Ops #2" holds three SOAP proxies and ai-1. One
// list request, and one read per routing with include_resource; name_regex
// and api_type narrow it; a project the platform does not have is an error.
func TestAccListResource_proxyRouting(t *testing.T) {
	p := newTestPlatform(t, withEstate)
	queryTest(t,
		queryStep(p, `
list "platform_proxy_routing" "shop" {
  provider = platform
  config {
    project_name = "shop"
  }
}
`,
			querycheck.ExpectLength("platform_proxy_routing.shop", 3),
			querycheck.ExpectIdentity("platform_proxy_routing.shop", routingIdentityOf("shop", "Orders API")),
			querycheck.ExpectIdentity("platform_proxy_routing.shop", routingIdentityOf("shop", "orders_api")),
			querycheck.ExpectNoIdentity("platform_proxy_routing.shop", routingIdentityOf("shop", "ai-0")),
			querycheck.ExpectResourceDisplayName("platform_proxy_routing.shop",
				queryfilter.ByResourceIdentity(routingIdentityOf("shop", "_private")), knownvalue.StringExact("_private")),
			expectRequests(p, map[string]int{"GET /apiops/projects/{p}/apiProxies/": 1}),
		),
		queryStep(p, `
list "platform_proxy_routing" "soap" {
  provider         = platform
  include_resource = true
  config {
    project_name = "R&D Ops #2"
    api_type     = "SOAP"
    name_regex   = "^(billing|2fa)"
  }
}

list "platform_proxy_routing" "rest" {
  provider = platform
  config {
    project_name = "R&D Ops #2"
    api_type     = "REST"
  }
}
`,
			querycheck.ExpectLength("platform_proxy_routing.soap", 2),
			querycheck.ExpectLength("platform_proxy_routing.rest", 0),
			// billing is estate proxy 1: SOAP, weighted, one SOAP11 and one
			// SOAP12 address; 2fa service is proxy 4: no address.
			querycheck.ExpectResourceKnownValues("platform_proxy_routing.soap",
				queryfilter.ByResourceIdentity(routingIdentityOf("R&D Ops #2", "billing")), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("R&D Ops #2/billing")},
					{Path: tfjsonpath.New("api_type"), KnownValue: knownvalue.StringExact("SOAP")},
					{Path: tfjsonpath.New("load_balance_algorithm"), KnownValue: knownvalue.StringExact("WEIGHTED")},
					{Path: tfjsonpath.New("routing_address"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"address": knownvalue.StringExact("https://backend-1-0.internal:8443/v1"), "weight": knownvalue.Int64Exact(2),
							"soap_type": knownvalue.StringExact("SOAP11")}),
					})},
					{Path: tfjsonpath.New("deploy_environments"), KnownValue: knownvalue.Null()},
					{Path: tfjsonpath.New("routing_enabled"), KnownValue: knownvalue.Null()},
				}),
			querycheck.ExpectResourceKnownValues("platform_proxy_routing.soap",
				queryfilter.ByResourceIdentity(routingIdentityOf("R&D Ops #2", "2fa service")), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("routing_address"), KnownValue: knownvalue.ListExact([]knownvalue.Check{})},
				}),
			expectRequests(p, map[string]int{"GET /apiops/projects/{p}/apiProxies/": 2, "GET /apiops/projects/{p}/apiProxies/{x}/": 2}),
			noWrites(p),
		),
		resource.TestStep{
			Query: true,
			Config: p.providerConfig() + `
list "platform_proxy_routing" "gone" {
  provider = platform
  config {
    project_name = "nowhere"
  }
}
`,
			ExpectError: regexp.MustCompile(`(?s)Project not found.*no project "nowhere"`),
		},
	)
}
