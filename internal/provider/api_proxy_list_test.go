package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func proxyIdentityOf(project, name string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"project_name": knownvalue.StringExact(project), "name": knownvalue.StringExact(name)}
}

// The proxies of a project made from a document: the REST proxies are each
// read once to tell them (orders-api and spare-api were not), and
// include_resource takes the same reads; name_regex narrows the list.
func TestAccListResource_apiProxy(t *testing.T) {
	p := newTestPlatform(t)
	p.createSpecProxy(t, "catalog-a", catalogV1)
	p.createSpecProxy(t, "catalog-b", swaggerDoc)
	queryTest(t,
		queryStep(p, `
list "platform_api_proxy" "all" {
  provider = platform
  config {
    project_name = "ecommerce"
  }
}
`,
			querycheck.ExpectLength("platform_api_proxy.all", 2),
			querycheck.ExpectIdentity("platform_api_proxy.all", proxyIdentityOf("ecommerce", "catalog-a")),
			querycheck.ExpectIdentity("platform_api_proxy.all", proxyIdentityOf("ecommerce", "catalog-b")),
			querycheck.ExpectNoIdentity("platform_api_proxy.all", proxyIdentityOf("ecommerce", "orders-api")),
			querycheck.ExpectResourceDisplayName("platform_api_proxy.all",
				queryfilter.ByResourceIdentity(proxyIdentityOf("ecommerce", "catalog-b")), knownvalue.StringExact("catalog-b")),
			expectRequests(p, map[string]int{"GET /apiops/projects/{p}/apiProxies/": 1, "GET /apiops/projects/{p}/apiProxies/{x}/": 4}),
		),
		queryStep(p, `
list "platform_api_proxy" "a" {
  provider         = platform
  include_resource = true
  config {
    project_name = "ecommerce"
    name_regex   = "-a$"
  }
}
`,
			querycheck.ExpectLength("platform_api_proxy.a", 1),
			querycheck.ExpectResourceKnownValues("platform_api_proxy.a",
				queryfilter.ByResourceIdentity(proxyIdentityOf("ecommerce", "catalog-a")), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("ecommerce/catalog-a")},
					{Path: tfjsonpath.New("relative_paths"), KnownValue: knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("/catalog")})},
					{Path: tfjsonpath.New("operations"), KnownValue: knownvalue.SetSizeExact(3)},
					{Path: tfjsonpath.New("specification"), KnownValue: knownvalue.Null()},
				}),
			expectRequests(p, map[string]int{"GET /apiops/projects/{p}/apiProxies/": 1, "GET /apiops/projects/{p}/apiProxies/{x}/": 1}),
			noWrites(p),
		),
	)
}
