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

// The versions of every API but each API's latest (which platform_api
// manages), named "<API> <version>": the estate's 8 older versions of 4
// APIs, with one versions list per API; one API's with api_id; an api_id
// the platform does not have is an error naming it.
func TestAccListResource_apiVersion(t *testing.T) {
	p := newTestPlatform(t, withEstate)
	multi := p.apiID(t, "api-008") // 1.0, 2.0-beta, 2.0 and 2_0, the latest
	older := p.versionIDs(t, multi)[:3]
	latest := p.versionIDs(t, multi)[3]
	queryTest(t,
		queryStep(p, `
list "platform_api_version" "all" {
  provider = platform
}
`,
			querycheck.ExpectLength("platform_api_version.all", 8),
			querycheck.ExpectIdentity("platform_api_version.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(older[1])}),
			querycheck.ExpectNoIdentity("platform_api_version.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(latest)}),
			querycheck.ExpectResourceDisplayName("platform_api_version.all", byID(older[0]), knownvalue.StringExact("api-008 1.0")),
			querycheck.ExpectResourceDisplayName("platform_api_version.all", byID(older[1]), knownvalue.StringExact("api-008 2.0-beta")),
			querycheck.ExpectLength("platform_api_version.all", 8),
			expectRequests(p, map[string]int{"GET /api/apis": 1, "GET /api/apis/{id}/versions": 14}),
		),
		queryStep(p, `
list "platform_api_version" "one" {
  provider         = platform
  include_resource = true
  config {
    api_id = "`+multi+`"
  }
}
`,
			querycheck.ExpectLength("platform_api_version.one", 3),
			querycheck.ExpectResourceKnownValues("platform_api_version.one", byID(older[2]), []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(older[2])},
				{Path: tfjsonpath.New("api_id"), KnownValue: knownvalue.StringExact(multi)},
				{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("2.0")},
				{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("Version 2.0")},
			}),
			querycheck.ExpectResourceDisplayName("platform_api_version.one",
				queryfilter.ByDisplayName(knownvalue.StringExact("api-008 2.0")), knownvalue.StringExact("api-008 2.0")),
			expectRequests(p, map[string]int{"GET /api/apis/{id}": 1, "GET /api/apis/{id}/versions": 1, "GET /api/apis/versions/{vid}": 3}),
			noWrites(p),
		),
		resource.TestStep{
			Query: true,
			Config: p.providerConfig() + `
list "platform_api_version" "gone" {
  provider = platform
  config {
    api_id = "api404.nowhere"
  }
}
`,
			ExpectError: regexp.MustCompile(`(?s)API not found.*no API "api404.nowhere"`),
		},
	)
}

// versionIDs are the IDs of API apiID's versions, oldest first.
func (p *testPlatform) versionIDs(t *testing.T, apiID string) []string {
	t.Helper()
	var ids []string
	for _, v := range p.APIVersions(apiID) {
		ids = append(ids, v.APIVersionID)
	}
	if len(ids) == 0 {
		t.Fatalf("API %s has no versions", apiID)
	}
	return ids
}
