package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

func TestAccAPI_seedSampleAsHCL(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + seedExample(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(paymentsAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("production_endpoint"),
						knownvalue.StringExact("http://acmepaymentscorp.broker.soa.com:80/payments")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^api\d+\.acmepaymentscorp$`))),
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("sandbox_endpoint"),
						knownvalue.StringExact("http://acmepaymentscorpsandbox.broker.soa.com:80/payments")),
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("state"), knownvalue.StringExact("com.soa.api.state.open")),
					statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "target_api", "endpoints", 0, "connection_properties"),
						knownvalue.MapExact(map[string]knownvalue.Check{"http.chunked.encoding": knownvalue.StringExact("false")})),
				},
				Check: func(*terraform.State) error {
					return jsonContains("body", seedSample1(t), p.lastBody(t, http.MethodPost, "/api/apis"))
				},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: paymentsAddr, ImportState: true, ImportStateVerify: true},
			{Config: cfg, ResourceName: paymentsAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		},
	})
}

// Changing version.name the way the seed's sample #2 does adds a version on
// the platform; the resource then tracks the new one.
func TestAccAPI_newVersionName(t *testing.T) {
	p := newTestPlatform(t)
	v1 := p.providerConfig() + seedExample(t)
	v2 := strings.Replace(strings.Replace(v1, `name            = "1.0"`, `name            = "1.2"`, 1),
		`description     = "First release."`, `description     = "Next great version, 1.2!"`, 1)
	var firstVersionID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: v1,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("version_id"), knownvalue.StringFunc(func(id string) error {
						firstVersionID = id
						return nil
					})),
				},
			},
			{
				Config: v2,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(paymentsAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(paymentsAddr, tfjsonpath.New("version_id")),
					plancheck.ExpectUnknownValue(paymentsAddr, tfjsonpath.New("latest_version_id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					// State tracks the new version, which is the latest.
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("id"), p.isTheAPI()),
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("version_id"), p.isVersion(1)),
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("latest_version_id"), p.isVersion(1)),
					statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "description"), knownvalue.StringExact("Next great version, 1.2!")),
				},
				Check: func(*terraform.State) error {
					_, versions, err := p.theAPI()
					if err != nil {
						return err
					}
					if len(versions) != 2 || versions[0].Name != "1.0" || versions[1].Name != "1.2" {
						return fmt.Errorf("the platform holds versions %+v, want 1.0 and 1.2", versions)
					}
					if versions[0].APIVersionID != firstVersionID {
						return fmt.Errorf("the first version is %s, was %s", versions[0].APIVersionID, firstVersionID)
					}
					return nil
				},
			},
			{
				Config:           v2,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Going back to an older version's name updates that version in place, and
// the resource tracks it by its ID although the platform's latest is 1.2.
func TestAccAPI_olderVersionName(t *testing.T) {
	p := newTestPlatform(t)
	v1 := p.providerConfig() + seedExample(t)
	v2 := strings.Replace(v1, `name            = "1.0"`, `name            = "1.2"`, 1)
	older := strings.Replace(v1, `description     = "First release."`, `description     = "Patched."`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: v1},
			{Config: v2},
			{
				Config: older,
				ConfigStateChecks: []statecheck.StateCheck{
					// State tracks the patched version; the latest stays the latest.
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("id"), p.isTheAPI()),
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("version_id"), p.isVersion(0)),
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("latest_version_id"), p.isVersion(1)),
				},
				Check: func(*terraform.State) error {
					_, versions, err := p.theAPI()
					if err != nil {
						return err
					}
					if len(versions) != 2 || versions[0].Description != "Patched." || versions[1].Description == "Patched." {
						return fmt.Errorf("the platform holds %+v, want 1.0 patched in place and 1.2 untouched", versions)
					}
					return nil
				},
			},
		},
	})
}

// Fields the platform fills in when the configuration leaves them out do not
// show as a diff, and computed values stay known on plans that keep them.
func TestAccAPI_platformDefaultsNoDiff(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + minimalAPI("minimal", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("visibility"), knownvalue.StringExact("Limited")),
					statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "visibility"), knownvalue.StringExact("Limited")),
					statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "type"), knownvalue.StringExact("shttp")),
					statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "tags"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("production_endpoint"), knownvalue.Null()),
				},
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// An in-place change keeps the stable computed values known.
				Config: p.providerConfig() + minimalAPI("minimal", `description = ""`+"\n"+`tags = ["b", "a"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(paymentsAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("version_id"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("created"), knownvalue.NotNull()),
					plancheck.ExpectUnknownValue(paymentsAddr, tfjsonpath.New("updated")),
				}},
			},
			{
				Config:           p.providerConfig() + minimalAPI("minimal", `description = ""`+"\n"+`tags = ["a", "b"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// The platform returns every list reversed: no diff.
func TestAccAPI_reorderedListsNoDiff(t *testing.T) {
	p := newTestPlatform(t, func(c *mockplatform.Config) { c.ReverseLists = true })
	extra := `
    endpoints = [
      { category = "Production", uri = "https://a.example.com/v1", connection_properties = { x = "1", y = "2" } },
      { category = "Production", uri = "https://b.example.com/v1" },
    ]
    operations = {
      one = { inputs = [{ name = "a", type = "query" }, { name = "b", type = "query" }] }
      two = {}
    }
    policies = [
      { key = "k1", type = "Operational Policy" },
      { key = "k2", type = "Operational Policy" },
    ]
    tags = ["x", "y", "z"]`
	cfg := p.providerConfig() + minimalAPI("reordered", extra)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "endpoints", 0, "uri"), knownvalue.StringExact("https://a.example.com/v1")),
				statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "operations", "one", "inputs", 1, "name"), knownvalue.StringExact("b")),
				statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("production_endpoint"), knownvalue.StringExact("https://a.example.com/v1")),
			}},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccAPI_deletedOutsideIsRecreated(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + minimalAPI("ephemeral", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					for _, a := range p.APIs() {
						p.RemoveAPI(a.APIID)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(paymentsAddr, plancheck.ResourceActionCreate),
				}},
				Check: func(*terraform.State) error {
					if n := len(p.APIs()); n != 1 {
						return fmt.Errorf("the platform holds %d APIs, want 1", n)
					}
					return nil
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := len(p.APIs()); n != 0 {
				return fmt.Errorf("%d APIs left after destroy", n)
			}
			return nil
		},
	})
}

func TestAccAPI_conflictSuggestsImport(t *testing.T) {
	p := newTestPlatform(t)
	c, err := client.New(client.Config{Endpoint: p.URL, FedMemberID: testTenant, Email: testEmail, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	existing, err := c.CreateAPI(context.Background(), &wire.API{Name: "taken", APIVersion: &wire.APIVersion{Name: "1.0"}})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: p.providerConfig() + minimalAPI("taken", ""),
			ExpectError: regexp.MustCompile(`(?s)API already exists.*"taken".*terraform import platform_api.<name> ` +
				regexp.QuoteMeta(existing.APIID)),
		}},
	})
	if n := len(p.APIs()); n != 1 {
		t.Errorf("the platform holds %d APIs, want the one that existed", n)
	}
}

// A session that expires between requests is renewed once, silently.
func TestAccAPI_expiredSessionIsRenewed(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + minimalAPI("renewed", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					p.ResetRequests()
					p.InjectFaults(http.MethodPut, "/api/apis/", mockplatform.Fault{Status: 401})
				},
				Config: p.providerConfig() + minimalAPI("renewed", `description = "changed"`),
				Check: func(*terraform.State) error {
					// plan and apply each log in once; the 401 adds one renewal.
					if n := p.CountRequests(http.MethodPost, "/api/login"); n != 3 {
						return fmt.Errorf("%d logins, want 3 (plan, apply, one renewal)", n)
					}
					if n := p.CountRequests(http.MethodPut, "/api/apis/"); n != 2 {
						return fmt.Errorf("%d PUTs, want the refused one and its repeat", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccAPI_badPassword(t *testing.T) {
	p := newTestPlatform(t)
	cfg := strings.Replace(p.providerConfig(), testPassword, "wrong-password", 1) + minimalAPI("x", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{Config: cfg,
			ExpectError: errorLike(`Login to the platform failed.*"ops@acme.example" was refused: HTTP 401.*PLATFORM_PASSWORD`)}},
	})
	if n := p.CountRequests("", "/"); n != 1 {
		t.Errorf("%d requests, want one refused login and nothing else", n)
	}
}

func TestAccAPI_missingCatalogCredentials(t *testing.T) {
	p := newTestPlatform(t)
	for _, env := range []string{"PLATFORM_EMAIL", "PLATFORM_PASSWORD", "PLATFORM_FED_MEMBER_ID"} {
		t.Setenv(env, "")
	}
	cfg := fmt.Sprintf(`
provider "platform" {
  endpoint = %q
  token    = %q
  email    = %q
}
`, p.URL, testToken, testEmail) + minimalAPI("x", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{Config: cfg, PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)Missing platform credential: fed_member_id.*PLATFORM_FED_MEMBER_ID.*Missing platform credential: password.*PLATFORM_PASSWORD`)}},
	})
	if n := p.CountRequests("", "/"); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}

// A list or map left out and an empty one are the same, whichever the
// configuration writes and whether the platform answers [] or null.
func TestAccAPI_emptyListsAreNoDiff(t *testing.T) {
	for name, nullLists := range map[string]bool{"platform answers []": false, "platform answers null": true} {
		t.Run(name, func(t *testing.T) {
			p := newTestPlatform(t, func(c *mockplatform.Config) { c.NullEmptyLists = nullLists })
			empty := `
    tags       = []
    endpoints  = [{ category = "Production", uri = "https://a.example.com", connection_properties = {} }]
    operations = { get = { inputs = [] } }
    policies   = []
    target_api = { endpoints = [], operations = {}, policies = [] }`
			leftOut := `
    endpoints  = [{ category = "Production", uri = "https://a.example.com" }]
    operations = { get = {} }
    target_api = {}`
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []resource.TestStep{
					{Config: p.providerConfig() + minimalAPI("empty", empty)},
					{Config: p.providerConfig() + minimalAPI("empty", empty), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
					{Config: p.providerConfig() + minimalAPI("empty", leftOut), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
					{Config: p.providerConfig() + minimalAPI("empty", ""), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						// The operation and target_api, set above, go away; the
						// lists and the map stay empty.
						plancheck.ExpectResourceAction(paymentsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(paymentsAddr, pathOf("version", "policies"), knownvalue.ListExact(nil)),
						plancheck.ExpectKnownValue(paymentsAddr, pathOf("version", "operations"), knownvalue.MapExact(map[string]knownvalue.Check{})),
						plancheck.ExpectKnownValue(paymentsAddr, pathOf("version", "target_api"), knownvalue.Null()),
					}}},
					{Config: p.providerConfig() + minimalAPI("empty", ""), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
					{Config: p.providerConfig() + minimalAPI("empty", "operations = {}"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				},
			})
		})
	}
}
