package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// queryTest runs steps with Terraform 1.14 or later (terraform query), and
// skips, saying so, on an older CLI.
func queryTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps:                    steps,
	})
}

// queryStep is a query of the list blocks in lists (.tfquery.hcl), with
// p's provider block; the mock's request log starts empty.
func queryStep(p *testPlatform, lists string, checks ...querycheck.QueryResultCheck) resource.TestStep {
	return resource.TestStep{
		PreConfig:         p.ResetRequests,
		Query:             true,
		Config:            p.providerConfig() + lists,
		QueryResultChecks: checks,
	}
}

// requestsCheck is a query check of what the mock received during the
// query: count requests of each "METHOD route" (mockplatform.Stats).
type requestsCheck struct {
	p    *testPlatform
	want map[string]int
}

func expectRequests(p *testPlatform, want map[string]int) querycheck.QueryResultCheck {
	return requestsCheck{p: p, want: want}
}

func (c requestsCheck) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	got := c.p.Stats()
	delete(got, "POST /api/login")
	if fmt.Sprint(got) != fmt.Sprint(c.want) {
		resp.Error = fmt.Errorf("the query sent %v, want %v", got, c.want)
	}
}

// writesCheck fails when the query sent anything but reads.
func noWrites(p *testPlatform) querycheck.QueryResultCheck { return noWritesCheck{p} }

type noWritesCheck struct{ p *testPlatform }

func (c noWritesCheck) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	for _, r := range c.p.Requests() {
		if r.Method != http.MethodGet && r.Path != "/api/login" {
			resp.Error = fmt.Errorf("the query sent %s %s", r.Method, r.Path)
		}
	}
}

// byID filters results by their id identity.
func byID(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
}

// The catalog's APIs, by name: their identity and name without
// include_resource (one request); every API whole with it (one read per
// API), the seed sample's values included; name_regex and limit.
func TestAccListResource_api(t *testing.T) {
	p := newTestPlatform(t, withEstate)
	sample := p.apiID(t, "acmepaymentscorp")
	orders := p.apiID(t, "Orders API")
	queryTest(t,
		queryStep(p, `
list "platform_api" "all" {
  provider = platform
}
`,
			querycheck.ExpectLength("platform_api.all", 14),
			querycheck.ExpectIdentity("platform_api.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(orders)}),
			querycheck.ExpectResourceDisplayName("platform_api.all", byID(orders), knownvalue.StringExact("Orders API")),
			querycheck.ExpectResourceDisplayName("platform_api.all", byID(sample), knownvalue.StringExact("acmepaymentscorp")),
			expectRequests(p, map[string]int{"GET /api/apis": 1}),
		),
		queryStep(p, `
list "platform_api" "all" {
  provider         = platform
  include_resource = true
}
`,
			querycheck.ExpectLength("platform_api.all", 14),
			querycheck.ExpectResourceKnownValues("platform_api.all", byID(sample), []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(sample)},
				{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("acmepaymentscorp")},
				{Path: tfjsonpath.New("visibility"), KnownValue: knownvalue.StringExact("Public")},
				{Path: tfjsonpath.New("version").AtMapKey("name"), KnownValue: knownvalue.StringExact("1.0")},
				{Path: tfjsonpath.New("version").AtMapKey("tags"), KnownValue: knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("payments API")})},
				{Path: tfjsonpath.New("version").AtMapKey("target_api").AtMapKey("endpoints").AtSliceIndex(0).AtMapKey("uri"),
					KnownValue: knownvalue.StringExact("http://www.acme.com/api/v1/")},
			}),
			expectRequests(p, map[string]int{"GET /api/apis": 1, "GET /api/apis/{id}": 14}),
		),
		queryStep(p, `
list "platform_api" "orders" {
  provider         = platform
  include_resource = true
  config {
    name_regex = "^orders"
  }
}

list "platform_api" "first_three" {
  provider         = platform
  include_resource = true
  limit            = 3
}
`,
			querycheck.ExpectLength("platform_api.orders", 2),
			querycheck.ExpectResourceDisplayName("platform_api.orders", byID(p.apiID(t, "orders-api")), knownvalue.StringExact("orders-api")),
			querycheck.ExpectResourceDisplayName("platform_api.orders", byID(p.apiID(t, "orders.api")), knownvalue.StringExact("orders.api")),
			querycheck.ExpectLength("platform_api.first_three", 3),
			// Sorted by name: "2fa service", "Orders API", "Zahlungsdienst Übersicht".
			querycheck.ExpectResourceDisplayName("platform_api.first_three", byID(p.apiID(t, "2fa service")), knownvalue.StringExact("2fa service")),
			expectRequests(p, map[string]int{"GET /api/apis": 2, "GET /api/apis/{id}": 5}),
			noWrites(p),
		),
		resource.TestStep{
			Query:       true,
			Config:      p.providerConfig() + `list "platform_api" "bad" {` + "\n  provider = platform\n  config {\n    name_regex = \"orders(\"\n  }\n}\n",
			ExpectError: regexp.MustCompile(`(?s)Invalid regular expression.*name_regex.*"orders\(`),
		},
	)
}

// apiID is the APIID of the API named name.
func (p *testPlatform) apiID(t *testing.T, name string) string {
	t.Helper()
	for _, a := range p.APIs() {
		if a.Name == name {
			return a.APIID
		}
	}
	t.Fatalf("the mock has no API %q", name)
	return ""
}
