package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const v2Addr = "platform_api_version.v2"

var compareEqual = compare.ValuesSame()

// twoVersions is an API whose platform_api manages 1.0 and whose
// platform_api_version manages 2.0; extra goes into the version resource.
func twoVersions(extra string) string {
	return `
resource "platform_api" "payments" {
  name = "payments"
  version = {
    name      = "1.0"
    endpoints = [{ category = "Production", uri = "http://broker.example.com:80/payments" }]
    policies  = [{ key = "urn:uuid:6282f78f-8a81-11e1-8112-b4822b49f412", type = "Operational Policy" }]
  }
}

resource "platform_api_version" "v2" {
  api_id      = platform_api.payments.id
  name        = "2.0"
  description = "Second release."
  endpoints   = [{ category = "Production", uri = "http://broker.example.com:80/payments/v2" }]
  policies    = platform_api.payments.version.policies
  operations = {
    list = {
      method = "GET"
      path   = "/payments"
      inputs = [{ name = "limit", type = "query" }]
    }
  }
` + extra + `
}
`
}

// stateID is the id attribute of addr in s.
func stateID(s *terraform.State, addr string) string {
	return s.RootModule().Resources[addr].Primary.Attributes["id"]
}

// Two live versions: platform_api keeps to 1.0 while 2.0, the latest, is
// its own resource; both plan clean, and the version imports every way.
func TestAccAPIVersion_twoLiveVersions(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + twoVersions("")
	var apiID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(v2Addr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(v2Addr, tfjsonpath.New("production_endpoint"),
						knownvalue.StringExact("http://broker.example.com:80/payments/v2")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(v2Addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`\.acmepaymentscorp$`))),
					statecheck.ExpectKnownValue(v2Addr, tfjsonpath.New("state"), knownvalue.StringExact("com.soa.api.state.open")),
					statecheck.ExpectKnownValue(v2Addr, tfjsonpath.New("tags"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(v2Addr, tfjsonpath.New("visibility"), knownvalue.StringExact("Limited")),
					statecheck.ExpectKnownValue(v2Addr, pathOf("policies", 0, "type"), knownvalue.StringExact("Operational Policy")),
					statecheck.CompareValuePairs(v2Addr, tfjsonpath.New("api_id"), paymentsAddr, tfjsonpath.New("id"), compareEqual),
				},
				Check: func(s *terraform.State) error {
					apiID = stateID(s, paymentsAddr)
					versions := p.APIVersions(apiID)
					if len(versions) != 2 || versions[0].Name != "1.0" || versions[1].Name != "2.0" ||
						versions[1].APIVersionID != stateID(s, v2Addr) {
						return fmt.Errorf("the platform holds %+v, want 1.0 and then 2.0 (%s)", versions, stateID(s, v2Addr))
					}
					return nil
				},
			},
			{
				// The refresh sees 2.0 as the API's latest; platform_api
				// still shows 1.0, so nothing changes.
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "name"), knownvalue.StringExact("1.0")),
					statecheck.CompareValuePairs(paymentsAddr, tfjsonpath.New("latest_version_id"), v2Addr, tfjsonpath.New("id"), compareEqual),
				},
			},
			{ResourceName: v2Addr, ImportState: true, ImportStateVerify: true},
			{Config: cfg, ResourceName: v2Addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			// Imported by APIID/APIVersionID, platform_api manages 1.0
			// again, although 2.0 is the latest; by APIID alone it takes
			// the latest, as onboarding does.
			{Config: cfg, ResourceName: paymentsAddr, ImportState: true, ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					a := s.RootModule().Resources[paymentsAddr].Primary.Attributes
					return a["id"] + "/" + a["version_id"], nil
				}},
			{Config: cfg, ResourceName: paymentsAddr, ImportState: true, ImportStateId: "api1.acmepaymentscorp/",
				ExpectError: errorLike(`Invalid import ID .* APIID/APIVersionID to manage a version other than the latest; got: "api1.acmepaymentscorp/"`)},
			{Config: cfg, ResourceName: paymentsAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					a := s.RootModule().Resources[paymentsAddr].Primary.Attributes
					return a["id"] + "/" + a["version_id"], nil
				}},
		},
	})
}

// -generate-config-out on an import block of a version writes a
// configuration that plans clean.
func TestAccAPIVersion_generatedConfigPlansClean(t *testing.T) {
	p := newTestPlatform(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: p.providerConfig() + twoVersions("")},
			{
				Config:          p.providerConfig() + twoVersions("") + "\n",
				ResourceName:    v2Addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
			},
		},
	})
}

// Versions added, changed or deleted by another team never show on
// platform_api, and its refresh costs one request while its version is the
// latest and two when it is not.
func TestAccAPI_tracksItsOwnVersion(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + minimalAPI("payments", "")
	var apiID, other string
	refreshReads := func(want int) func(*terraform.State) error {
		return func(*terraform.State) error {
			if n := p.CountRequests(http.MethodGet, "/api/apis/"); n != want {
				return fmt.Errorf("the refresh sent %d catalog reads, want %d", n, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) error {
				apiID = stateID(s, paymentsAddr)
				return nil
			}},
			{
				PreConfig:    func() { p.ResetRequests() },
				RefreshState: true,
				Check:        refreshReads(1),
			},
			{
				PreConfig: func() {
					other = p.AddVersion(apiID, wire.APIVersion{Name: "9.0", Description: "another team's"})
					p.ResetRequests()
				},
				RefreshState: true,
				Check:        refreshReads(2),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "name"), knownvalue.StringExact("1.0")),
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("latest_version_id"), knownvalueFunc(func() string { return other })),
				},
			},
			{
				// An update writes only its own version.
				PreConfig: func() { p.ResetRequests() },
				Config:    p.providerConfig() + minimalAPI("payments", `description = "patched"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(paymentsAddr, plancheck.ResourceActionUpdate)}},
				Check: func(*terraform.State) error {
					versions := p.APIVersions(apiID)
					if len(versions) != 2 || versions[0].Description != "patched" || versions[1].Description != "another team's" {
						return fmt.Errorf("the platform holds %+v, want 1.0 patched and 9.0 untouched", versions)
					}
					return nil
				},
			},
			{
				PreConfig:        func() { p.DeleteVersion(other) },
				Config:           p.providerConfig() + minimalAPI("payments", `description = "patched"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// knownvalueFunc checks a string known only when the check runs.
func knownvalueFunc(want func() string) knownvalue.Check { return lazyString{want} }

type lazyString struct{ want func() string }

func (l lazyString) CheckValue(v any) error { return knownvalue.StringExact(l.want()).CheckValue(v) }
func (l lazyString) String() string         { return l.want() }

// platform_api's own version deleted by another team is planned back.
func TestAccAPI_ownVersionDeletedIsAddedBack(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + minimalAPI("payments", "")
	var apiID, first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) error {
				apiID = stateID(s, paymentsAddr)
				first = s.RootModule().Resources[paymentsAddr].Primary.Attributes["version_id"]
				p.AddVersion(apiID, wire.APIVersion{Name: "2.0"})
				return nil
			}},
			{
				PreConfig: func() { p.DeleteVersion(first) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(paymentsAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(paymentsAddr, tfjsonpath.New("version_id")),
				}},
				Check: func(*terraform.State) error {
					versions := p.APIVersions(apiID)
					if len(versions) != 2 || versions[0].Name != "2.0" || versions[1].Name != "1.0" {
						return fmt.Errorf("the platform holds %+v, want 2.0 and 1.0 added back", versions)
					}
					return nil
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// Create is one POST, update one PUT in place (a rename keeps the ID),
// refresh one GET; deleted out of band, the version is planned again.
func TestAccAPIVersion_requestsAndDrift(t *testing.T) {
	p := newTestPlatform(t)
	var apiID, vid string
	count := func(method, prefix string, want int) error {
		if n := p.CountRequests(method, prefix); n != want {
			return fmt.Errorf("%d %s %s, want %d", n, method, prefix, want)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: p.providerConfig() + twoVersions(""), Check: func(s *terraform.State) error {
				apiID, vid = stateID(s, paymentsAddr), stateID(s, v2Addr)
				return count(http.MethodPost, "/api/apis/"+apiID+"/versions", 1)
			}},
			{
				PreConfig: func() { p.ResetRequests() },
				Config:    p.providerConfig() + strings.Replace(twoVersions(""), `name        = "2.0"`, `name        = "2.1"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(v2Addr, plancheck.ResourceActionUpdate)}},
				Check: func(s *terraform.State) error {
					if stateID(s, v2Addr) != vid {
						return fmt.Errorf("the rename changed the ID from %s to %s", vid, stateID(s, v2Addr))
					}
					if err := count(http.MethodPut, "/api/apis/versions/"+vid, 1); err != nil {
						return err
					}
					return count(http.MethodPut, "/api/apis/"+apiID, 0)
				},
			},
			{
				PreConfig: func() { p.DeleteVersion(vid) },
				Config:    p.providerConfig() + twoVersions(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(v2Addr, plancheck.ResourceActionCreate)}},
			},
			{Config: p.providerConfig() + twoVersions(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// A POST whose answer is lost leaves exactly one version, tracked.
func TestAccAPIVersion_lostCreateAnswer(t *testing.T) {
	for _, fault := range []mockplatform.Fault{{DropAfter: true}, {CutAnswer: true}, {Status: http.StatusBadGateway}} {
		t.Run(fmt.Sprintf("%+v", fault), func(t *testing.T) {
			p := newTestPlatform(t)
			var apiID string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []resource.TestStep{
					{Config: p.providerConfig() + minimalAPI("payments", ""), Check: func(s *terraform.State) error {
						apiID = stateID(s, paymentsAddr)
						p.InjectFaults(http.MethodPost, "/api/apis/"+apiID+"/versions", fault)
						return nil
					}},
					{
						Config: p.providerConfig() + minimalAPI("payments", "") + `
resource "platform_api_version" "v2" {
  api_id = platform_api.payments.id
  name   = "2.0"
}`,
						Check: func(s *terraform.State) error {
							versions := p.APIVersions(apiID)
							if len(versions) != 2 || versions[1].APIVersionID != stateID(s, v2Addr) {
								return fmt.Errorf("the platform holds %+v, want 1.0 and the one 2.0 in state", versions)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// A name the API already has is an error that says how to import it.
func TestAccAPIVersion_conflictSuggestsImport(t *testing.T) {
	p := newTestPlatform(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: p.providerConfig() + minimalAPI("payments", "") + `
resource "platform_api_version" "again" {
  api_id = platform_api.payments.id
  name   = "1.0"
}`,
			ExpectError: errorLike(`Version already exists .* already has version "1.0" of API .* terraform import platform_api_version.<name>`),
		}},
	})
}

// Destroying the API's last version is refused, unless the API is gone.
func TestAccAPIVersion_lastVersionIsNotDeleted(t *testing.T) {
	p := newTestPlatform(t)
	apiID := p.InsertAPI("owned-elsewhere")
	only := p.APIVersions(apiID)[0].APIVersionID
	cfg := p.providerConfig() + fmt.Sprintf(`
import {
  to = platform_api_version.only
  id = %q
}
resource "platform_api_version" "only" {
  api_id = %q
  name   = "1.0"
}
`, only, apiID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{Config: cfg, Destroy: true, ExpectError: errorLike(`only version of API ` + regexp.QuoteMeta(apiID))},
			{
				PreConfig: func() { p.RemoveAPI(apiID) },
				Config:    cfg, Destroy: true,
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := p.CountRequests(http.MethodDelete, "/api/apis/versions/"); n != 0 {
				return fmt.Errorf("%d version DELETEs, want none", n)
			}
			return nil
		},
	})
}

// terraform destroy of an API and its versions deletes the versions first,
// then the API.
func TestAccAPIVersion_destroyOrder(t *testing.T) {
	p := newTestPlatform(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps:                    []resource.TestStep{{Config: p.providerConfig() + twoVersions("")}},
		CheckDestroy: func(*terraform.State) error {
			var order []string
			for _, r := range p.Requests() {
				if r.Method == http.MethodDelete {
					order = append(order, r.Path)
				}
			}
			if len(order) != 2 || !strings.HasPrefix(order[0], "/api/apis/versions/") || strings.Contains(order[1], "/versions") {
				return fmt.Errorf("DELETEs %v, want the version, then the API", order)
			}
			if len(p.APIs()) != 0 {
				return fmt.Errorf("%d APIs left", len(p.APIs()))
			}
			return nil
		},
	})
}

// The version's own plan-time rules: the same as platform_api's version,
// at the top level, named with their paths and values, before any write.
func TestAccAPIVersion_badInput(t *testing.T) {
	cases := map[string]struct{ attr, want string }{
		"blank name":           {`name = " "`, `Attribute name must not be empty or blank, got: " "`},
		"visibility":           {`visibility = "Secret"`, `Attribute visibility value must be one of`},
		"endpoint uri":         {`endpoints = [{ category = "Production", uri = "ftp://x" }]`, `Attribute endpoints\[0\].uri must be an absolute http or https URL .* "ftp://x"`},
		"category":             {`endpoints = [{ category = "Prod", uri = "http://x" }]`, `Attribute endpoints\[0\].category value must be one of`},
		"method":               {`operations = { a = { method = "FETCH" } }`, `Attribute operations\["a"\].method value must be one of`},
		"blank operation name": {`operations = { " " = { method = "GET" } }`, `Attribute operations\[" "\] must not be empty or blank, got: " "`},
		"empty target operation name": {`target_api = { operations = { "" = {} } }`,
			`Attribute target_api.operations\[""\] must not be empty or blank, got: ""`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := newTestPlatform(t)
			cfg := p.providerConfig() + fmt.Sprintf(`
resource "platform_api_version" "bad" {
  api_id = "api1.acmepaymentscorp"
  name   = "2.0"
  %s
}`, tc.attr)
			if strings.HasPrefix(tc.attr, "name") {
				cfg = strings.Replace(cfg, `name   = "2.0"`, "", 1)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: errorLike(tc.want)}},
			})
			if n := len(p.Requests()); n != 0 {
				t.Errorf("the mock received %d requests, want none", n)
			}
		})
	}
}

// The data source lists the versions oldest first, in one request.
func TestAccAPIVersionsDataSource(t *testing.T) {
	p := newTestPlatform(t)
	apiID := p.InsertAPI("listed")
	second := p.AddVersion(apiID, wire.APIVersion{Name: "2.0"})
	first := p.APIVersions(apiID)[0].APIVersionID
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: p.providerConfig() + fmt.Sprintf(`data "platform_api_versions" "x" { api_id = %q }`, apiID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.platform_api_versions.x", tfjsonpath.New("versions"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(first), "name": knownvalue.StringExact("1.0")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(second), "name": knownvalue.StringExact("2.0")}),
					})),
				},
				Check: func(*terraform.State) error {
					for _, r := range p.Requests() {
						if r.Path != "/api/login" && r.Path != "/api/apis/"+apiID+"/versions" {
							return fmt.Errorf("the data source sent %s %s; it reads only the list", r.Method, r.Path)
						}
					}
					return nil
				},
			},
			{
				Config:      p.providerConfig() + `data "platform_api_versions" "x" { api_id = "api404.acmepaymentscorp" }`,
				ExpectError: errorLike(`API not found .* no API with ID "api404.acmepaymentscorp"`),
			},
		},
	})
}
