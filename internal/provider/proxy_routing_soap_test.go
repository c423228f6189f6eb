package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

func billingRouting(p *testPlatform, extra string) string {
	return p.providerConfig() + fmt.Sprintf(`
resource "platform_proxy_routing" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"

  routing_address {
    address = "https://billing-1.internal/soap"
    weight  = 2
  }
  routing_address {
    address   = "https://billing-2.internal/soap"
    soap_type = "SOAP12"
  }
%s
}
`, extra)
}

const billingAddr = "platform_proxy_routing.billing"

// An unset soap_type on a SOAP proxy is planned and read back as SOAP11 and
// never shows as a diff.
func TestAccProxyRouting_soapDefaults(t *testing.T) {
	forEachManager(t, testSoapDefaults)
}

func testSoapDefaults(t *testing.T, manager func(*mockplatform.Config)) {
	p := newTestPlatform(t, manager)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: billingRouting(p, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(billingAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(billingAddr, pathOf("routing_address", 0, "soap_type"), knownvalue.StringExact("SOAP11")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(billingAddr, tfjsonpath.New("api_type"), knownvalue.StringExact("SOAP")),
					statecheck.ExpectKnownValue(billingAddr, tfjsonpath.New("load_balance_algorithm"), knownvalue.StringExact("WEIGHTED")),
					statecheck.ExpectKnownValue(billingAddr, pathOf("routing_address", 0, "soap_type"), knownvalue.StringExact("SOAP11")),
					statecheck.ExpectKnownValue(billingAddr, pathOf("routing_address", 1, "soap_type"), knownvalue.StringExact("SOAP12")),
				},
				Check: func(*terraform.State) error {
					return expectAddresses(p, "billing-soap", []wire.RoutingAddress{
						{Address: "https://billing-1.internal/soap", Weight: 2, SoapType: "SOAP11"},
						{Address: "https://billing-2.internal/soap", Weight: 1, SoapType: "SOAP12"},
					})
				},
			},
			{
				Config:           billingRouting(p, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A new block without soap_type is planned as SOAP11, not unknown.
				Config: billingRouting(p, `  routing_address { address = "https://billing-3.internal/soap" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(billingAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(billingAddr, pathOf("routing_address", 2, "soap_type"), knownvalue.StringExact("SOAP11")),
				}},
			},
		},
	})
}

// The platform answers 401 to a wrong token: one diagnostic that says so,
// and no retries; the plan's first read meets it, before any write.
func TestAccProxyRouting_wrongToken(t *testing.T) {
	p := newTestPlatform(t)
	cfg := strings.Replace(ordersRouting(p, 1), testToken, "tok-wrong", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{Config: cfg,
			ExpectError: errorLike(`Error running pre-apply plan.*Error reading API proxy ecommerce/orders-api.*HTTP 401: Invalid token.*PLATFORM_TOKEN`)}},
	})
	if n := p.CountRequests("", "/apiops/"); n != 1 {
		t.Errorf("the mock received %d requests, want exactly 1 (no retry of a 401)", n)
	}
}

// A token without MANAGE in the project can read but not write.
func TestAccProxyRouting_missingPermission(t *testing.T) {
	p := newTestPlatform(t)
	cfg := strings.Replace(ordersRouting(p, 1), testToken, readToken, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{Config: cfg,
			ExpectError: errorLike(`Error changing the routing of API proxy ecommerce/orders-api.*HTTP 403.*token \(PLATFORM_TOKEN\) needs the API_MANAGEMENT \+ MANAGE`)}},
	})
	if n := p.CountRequests(http.MethodPut, "/apiops/"); n != 1 {
		t.Errorf("the mock received %d PUTs, want exactly 1 (no retry of a 403)", n)
	}
}

// 503 with Retry-After, then success: the client waits and repeats.
func TestAccProxyRouting_retriesUnavailable(t *testing.T) {
	p := newTestPlatform(t)
	p.InjectFaults(http.MethodPut, "/apiops/",
		mockplatform.Fault{Status: 503, RetryAfter: "0"},
		mockplatform.Fault{Status: 429, RetryAfter: "0"},
		mockplatform.Fault{Status: 502})
	p.InjectFaults(http.MethodGet, "/apiops/", mockplatform.Fault{Status: 503, RetryAfter: "0"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: ordersRouting(p, 4),
			Check: func(*terraform.State) error {
				if n := p.CountRequests(http.MethodPut, "/apiops/"); n != 4 {
					return fmt.Errorf("the mock saw %d PUTs, want 3 faulted + 1 served", n)
				}
				return expectAddresses(p, "orders-api", []wire.RoutingAddress{
					{Address: "https://orders-1.internal:8443/v1", Weight: 4},
					{Address: "https://orders-2.internal:8443/v1", Weight: 1},
				})
			},
		}},
	})
}

// Newer managers wrap the proxy in resultList and report a missing proxy as
// 400; older ones only take PATCH. Both work unchanged.
func TestAccProxyRouting_managerVariants(t *testing.T) {
	for name, change := range map[string]func(*mockplatform.Config){
		"newer manager": func(c *mockplatform.Config) { c.NewerManager = true },
		"patch only":    func(c *mockplatform.Config) { c.PatchOnly = true },
	} {
		t.Run(name, func(t *testing.T) {
			p := newTestPlatform(t, change)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []resource.TestStep{
					{Config: ordersRouting(p, 2), ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("api_type"), knownvalue.StringExact("REST"))}},
					{
						PreConfig: func() { p.DeleteProxy("ecommerce", "orders-api") },
						Config:    ordersRouting(p, 2), PlanOnly: true, ExpectNonEmptyPlan: true,
					},
				},
			})
		})
	}
}

// The vendor's current release never reports soapType: what was sent
// stands, through creates, updates, refreshes and reordered answers.
func TestAccProxyRouting_soapTypeNotReported(t *testing.T) {
	p := newTestPlatform(t, managers["latest"], func(c *mockplatform.Config) { c.ReverseLists = true })
	explicit := strings.Replace(billingRouting(p, ""), `weight  = 2`, "weight    = 2\n    soap_type = \"SOAP12\"", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: billingRouting(p, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(billingAddr, pathOf("routing_address", 0, "soap_type"), knownvalue.StringExact("SOAP11")),
					statecheck.ExpectKnownValue(billingAddr, pathOf("routing_address", 1, "soap_type"), knownvalue.StringExact("SOAP12")),
				},
				Check: func(*terraform.State) error {
					return expectAddresses(p, "billing-soap", []wire.RoutingAddress{
						{Address: "https://billing-1.internal/soap", Weight: 2, SoapType: "SOAP11"},
						{Address: "https://billing-2.internal/soap", Weight: 1, SoapType: "SOAP12"},
					})
				},
			},
			{Config: billingRouting(p, ""), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				Config: explicit,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(billingAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(billingAddr, pathOf("routing_address", 0, "soap_type"), knownvalue.StringExact("SOAP12")),
				},
				Check: func(*terraform.State) error {
					return expectAddresses(p, "billing-soap", []wire.RoutingAddress{
						{Address: "https://billing-1.internal/soap", Weight: 2, SoapType: "SOAP12"},
						{Address: "https://billing-2.internal/soap", Weight: 1, SoapType: "SOAP12"},
					})
				},
			},
			{Config: explicit, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// An import from the current release cannot know the SOAP version: the
// imported state has the platform's default, SOAP11, so a configuration
// that says soap_type = "SOAP11" (as -generate-config-out writes) plans
// clean for an address that uses the default.
func TestAccProxyRouting_importWithoutSoapType(t *testing.T) {
	p := newTestPlatform(t, managers["latest"])
	withoutSoapType := p.providerConfig() + `
resource "platform_proxy_routing" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"
  routing_address {
    address = "https://billing-1.internal/soap"
    weight  = 2
  }
}
`
	withSoapType := strings.Replace(withoutSoapType, "weight  = 2", "weight    = 2\n    soap_type = \"SOAP11\"", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: withoutSoapType},
			{
				Config: withSoapType, ResourceName: billingAddr, ImportState: true,
				ImportStateKind: resource.ImportBlockWithID, ImportStateId: "ecommerce/billing-soap",
			},
			{
				Config: p.providerConfig(), ResourceName: billingAddr, ImportState: true,
				ImportStateKind: resource.ImportBlockWithID, ImportStateId: "ecommerce/billing-soap", GenerateConfig: true,
			},
		},
	})
}

// The SOAP version of a SOAP proxy's address that this configuration did
// not send is not known (the platform that keeps roles does not report it):
// the plan's warning and the import's say what the write sends.
func TestProxyRouting_unsentSoapVersionIsSaid(t *testing.T) {
	addr := nullAddress()
	addr.Address, addr.Weight, addr.SoapType = types.StringValue("https://b1.internal"), types.Int64Value(1), types.StringValue("SOAP11")
	want := `- routing_address[0] "https://b1.internal": its role, SOAP version, description and health check path on the ` +
		`platform are not known (the platform does not report roles, SOAP versions, descriptions or health check paths); ` +
		`this apply sends it as PRIMARY, with soap_type SOAP11, no description and no health check path.`
	if got := unknownSettings(0, addr, addr, true); got != want {
		t.Errorf("a SOAP address says\n%s\nwant\n%s", got, want)
	}
	if got := unknownSettings(0, addr, addr, false); strings.Contains(got, "SOAP") {
		t.Errorf("a REST address mentions SOAP: %s", got)
	}

	var diags diag.Diagnostics
	warnUnreadSettings("ecommerce/billing-soap", &wire.APIProxy{APIType: "SOAP", DeploymentList: []wire.ProxyDeployment{},
		Routing: wire.Routing{RoutingAddressList: []wire.RoutingAddress{{Address: "https://b1.internal", Weight: 1,
			AddressType: "PRIMARY", Description: "main", HealthCheckPath: "/health"}}}}, &diags)
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), `- routing_address[0] "https://b1.internal"`) ||
		!strings.Contains(diags[0].Detail(), "SOAP11 where soap_type is unset") {
		t.Errorf("the import of a SOAP address whose SOAP version it could not read says %v", diags)
	}
}

// A create over a proxy that has addresses says which it removes and,
// where the platform keeps roles it does not report, which it sends with
// settings the plan cannot show; over an empty proxy it says nothing.
func TestProxyRouting_createSaysWhatItReplaces(t *testing.T) {
	ctx := context.Background()
	primary := nullAddress()
	primary.Address, primary.Weight = types.StringValue("https://a.internal"), types.Int64Value(1)
	primary.AddressType, primary.Description, primary.HealthCheckPath = types.StringValue("PRIMARY"), types.StringValue("main"), types.StringValue("/health")
	kept := nullAddress()
	kept.Address, kept.Weight = types.StringValue("https://b.internal"), types.Int64Value(1)
	plan := proxyRoutingModel{ID: types.StringValue("ecommerce/orders-api"), RoutingAddresses: routingAddressList([]routingAddressModel{primary, kept})}
	px := func(current bool, addrs ...string) *wire.APIProxy {
		p := &wire.APIProxy{APIType: "REST"}
		if current {
			p.DeploymentList = []wire.ProxyDeployment{}
		}
		for _, a := range addrs {
			p.Routing.RoutingAddressList = append(p.Routing.RoutingAddressList, wire.RoutingAddress{Address: a, Weight: 1})
		}
		return p
	}
	for name, c := range map[string]struct {
		px    *wire.APIProxy
		lines []string
	}{
		"empty proxy": {px(true), nil},
		"current release": {px(true, "https://b.internal", "https://old.internal"), []string{
			`- routing_address[1] "https://b.internal": its role, description and health check path on the platform are not known`,
			`- "https://old.internal" is not in this configuration: this apply removes it.`}},
		"older release": {px(false, "https://a.internal", "https://old.internal"), []string{
			`- "https://old.internal" is not in this configuration: this apply removes it.`}},
		"older release, same list": {px(false, "https://a.internal", "https://b.internal"), nil},
	} {
		var diags diag.Diagnostics
		warnReplaced(ctx, plan, c.px, &diags)
		if len(c.lines) == 0 {
			if len(diags) != 0 {
				t.Errorf("%s: warns %v", name, diags)
			}
			continue
		}
		if len(diags) != 1 || diags[0].Summary() != "Addresses this create replaces" {
			t.Fatalf("%s: %v, want one warning", name, diags)
		}
		for _, l := range c.lines {
			if !strings.Contains(diags[0].Detail(), l) {
				t.Errorf("%s: the warning does not say %s:\n%s", name, l, diags[0].Detail())
			}
		}
		if strings.Contains(diags[0].Detail(), `"https://a.internal"`) {
			t.Errorf("%s: the warning names an address whose settings the configuration gives:\n%s", name, diags[0].Detail())
		}
	}
}
