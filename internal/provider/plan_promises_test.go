package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// What a plan promises: whatever the platform would refuse, and one read
// can tell, is refused by terraform plan, with no write.

// routingOf is platform_proxy_routing.orders for project/proxy, with one
// address.
func routingOf(p *testPlatform, project, proxy string) string {
	return p.providerConfig() + fmt.Sprintf(`
resource "platform_proxy_routing" "orders" {
  project_name   = %q
  api_proxy_name = %q
  routing_address {
    address = "https://orders-1.internal:8443/v1"
  }
}
`, project, proxy)
}

// expectNoWrites fails t when the mock received a write.
func expectNoWrites(t *testing.T, p *testPlatform) {
	t.Helper()
	if n := p.writes(); n != 0 {
		t.Errorf("the refused plan sent %d writes, want none", n)
	}
}

func TestAccProxyRouting_missingProxyRefusedAtPlan(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager, func(c *mockplatform.Config) {
			c.Projects[0].Proxies = append(c.Projects[0].Proxies, mockplatform.Proxy{Name: "assistant", APIType: "AI"})
		})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{{
				Config: routingOf(p, "ecommerce", "ordres-api"),
				ExpectError: errorLike(`Error running pre-apply plan.*No such API proxy.*api_proxy_name = "ordres-api": project ` +
					`ecommerce has no API proxy of that name.* Its REST and SOAP proxies are: "billing-soap", "orders-api", "spare-api"\.`),
			}},
		})
		expectNoWrites(t, p)
	})
}

func TestAccProxyRouting_missingProjectRefusedAtPlan(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{{
				Config: routingOf(p, "ecomerce", "orders-api"),
				ExpectError: errorLike(`Error running pre-apply plan.*No such project.*project_name = "ecomerce": the platform has ` +
					`no project of that name.* The projects the provider's token can see are: "ecommerce"\.`),
			}},
		})
		expectNoWrites(t, p)
	})
}

// A routing for a proxy that this plan creates (platform_api_proxy records
// it) is not refused for being missing: only its environments are checked.
func TestProxyRouting_plannedProxyCountsAsExisting(t *testing.T) {
	p := newTestPlatform(t)
	c, err := client.New(client.Config{Endpoint: p.URL, Token: testToken, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	data := &providerData{cfg: client.Config{Token: testToken}, client: c, unknown: map[string]bool{}}
	r := &proxyRoutingResource{data: data}
	plan := proxyRoutingModel{
		ID: types.StringValue("ecommerce/new-api"), ProjectName: types.StringValue("ecommerce"),
		APIProxyName:       types.StringValue("new-api"),
		DeployEnvironments: environmentSet([]string{"prod"}),
	}
	plan.RoutingAddresses = routingAddressList([]routingAddressModel{func() routingAddressModel {
		a := nullAddress()
		a.Address, a.Weight = types.StringValue("https://a.internal/v1"), types.Int64Value(1)
		return a
	}()})

	var unplanned diag.Diagnostics
	r.checkPlan(context.Background(), fwresource.ModifyPlanRequest{}, plan, nil, &unplanned)
	if !hasSummary(unplanned, "No such API proxy") {
		t.Fatalf("a proxy nobody creates: %v, want No such API proxy", unplanned)
	}

	data.planned.plan("ecommerce", "new-api", plannedProxy{LoadBalanceAlgorithm: types.StringValue("ROUND_ROBIN")})
	var planned diag.Diagnostics
	r.checkPlan(context.Background(), fwresource.ModifyPlanRequest{}, plan, nil, &planned)
	if hasSummary(planned, "No such API proxy") || !hasSummary(planned, "No such environment") || len(planned) != 1 {
		t.Fatalf("a proxy this plan creates: %v, want only the environment refused", planned)
	}
}

func hasSummary(diags diag.Diagnostics, summary string) bool {
	for _, d := range diags.Errors() {
		if d.Summary() == summary {
			return true
		}
	}
	return false
}

func TestAccAPIVersion_unknownAPIRefusedAtPlan(t *testing.T) {
	p := newTestPlatform(t)
	apiID := p.InsertAPI("payments")
	versionID := p.APIVersions(apiID)[0].APIVersionID
	version := func(apiID string) string {
		return p.providerConfig() + fmt.Sprintf(`
resource "platform_api_version" "v2" {
  api_id = %q
  name   = "2.0"
}
`, apiID)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: version("payments"),
				ExpectError: errorLike(`Error running pre-apply plan.*No such API.*api_id = "payments": the platform has no API ` +
					`with that ID.* "payments" is the name of an API, not its ID: that API's ID is ` + regexp.QuoteMeta(apiID)),
			},
			{
				Config: version(versionID),
				ExpectError: errorLike(`No such API.* is the ID of version "1.0" of API ` + regexp.QuoteMeta(apiID) +
					`, not an API's ID`),
			},
		},
	})
	expectNoWrites(t, p)
}

// Import IDs of the wrong kind say what was expected, and the ID to use.
func TestAccAPI_importByNameSaysWhatWasExpected(t *testing.T) {
	p := newTestPlatform(t)
	apiID := p.InsertAPI("payments")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config:        p.providerConfig() + minimalAPI("payments", ""),
			ResourceName:  paymentsAddr,
			ImportState:   true,
			ImportStateId: "payments",
			ExpectError: errorLike(`Cannot import platform_api: no API has this ID.*No API has ID "payments"\. platform_api is ` +
				`imported by an API's ID \(APIID: <id>.<fed_member_id>.* "payments" is the name of an API, not its ID: that ` +
				`API's ID is ` + regexp.QuoteMeta(apiID)),
		}},
	})
}

func TestAccAPIVersion_importByAPIIDSaysWhatWasExpected(t *testing.T) {
	p := newTestPlatform(t)
	apiID := p.InsertAPI("payments")
	v2 := p.AddVersion(apiID, wire.APIVersion{Name: "2.0"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: p.providerConfig() + fmt.Sprintf(`
resource "platform_api_version" "v2" {
  api_id = %q
  name   = "2.0"
}
`, apiID),
			ResourceName:  v2Addr,
			ImportState:   true,
			ImportStateId: apiID,
			ExpectError: errorLike(`Cannot import platform_api_version: no version has this ID.*platform_api_version is imported ` +
				`by a version's ID \(APIVersionID.* is an API's ID \(APIID\), not a version's\. That API's versions, oldest ` +
				`first: "1\.0" \(ID [^)]+\), "2\.0" \(ID ` + regexp.QuoteMeta(v2) + `, the latest`),
		}},
	})
}

// An endpoint nothing listens on is named, with the address tried.
func TestAccProvider_unreachableEndpointNamesIt(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: `
provider "platform" {
  endpoint    = "http://127.0.0.1:1"
  token       = "tok"
  max_retries = 0
}
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address {
    address = "https://orders-1.internal:8443/v1"
  }
}
`,
			ExpectError: errorLike(`Cannot reach the platform.*could not connect to the platform: GET ` +
				`http://127\.0\.0\.1:1/apiops/projects/ecommerce/apiProxies/orders-api/: dial tcp 127\.0\.0\.1:1: connect: connection refused\. ` +
				`That address comes from the provider's endpoint \(or the PLATFORM_ENDPOINT environment variable\)`),
		}},
	})
}

// The plan-time lists are read once per provider process, however many
// resources ask at once.
func TestPlanReadsAreReadOnce(t *testing.T) {
	p := newTestPlatform(t)
	c, err := client.New(client.Config{Endpoint: p.URL, Token: testToken, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	data := &providerData{}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if envs, err := data.projectEnvironments(context.Background(), c, "ecommerce"); err != nil || len(envs) != 2 {
				t.Errorf("environments: %v, %v", envs, err)
			}
		})
	}
	wg.Wait()
	if n := p.CountRequests(http.MethodGet, "/apiops/projects/ecommerce/environments/"); n != 1 {
		t.Fatalf("%d environment list reads, want 1", n)
	}
}

// A manager that answers the environment list "not found" has none to
// check against: the plan goes on, and the apply meets the platform's own
// refusal, as before the check existed.
func TestAccProxyRouting_noEnvironmentListLeavesTheApplyError(t *testing.T) {
	p := newTestPlatform(t)
	p.InjectFaultRate(http.MethodGet, "/apiops/projects/ecommerce/environments/", 1, 1, mockplatform.Fault{Status: http.StatusNotFound})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config:      deployedRouting(p, 1, `deploy_environments = ["prod"]`),
			ExpectError: errorLike(`Error changing the routing of API proxy ecommerce/orders-api.*HTTP 400: Environment \(prod\) is not found!`),
		}},
	})
}
