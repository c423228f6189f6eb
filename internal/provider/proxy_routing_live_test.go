package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

type terraformInstanceState = terraform.InstanceState

// canaryRouting is orders-api with a PRIMARY, a CANARY and a FAILOVER_ONLY
// address with a health check; extra goes into the resource.
func canaryRouting(p *testPlatform, extra string) string {
	return p.providerConfig() + `
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"

  routing_address {
    address = "https://orders-1.internal:8443/v1"
    weight  = 9
  }
  routing_address {
    address      = "https://orders-canary.internal:8443/v1"
    address_type = "CANARY"
    description  = "4.2 canary"
  }
  routing_address {
    address                   = "https://orders-dr.internal:8443/v1"
    address_type              = "FAILOVER_ONLY"
    health_check_path         = "/health"
    health_monitoring_enabled = true
  }
` + extra + `
}
`
}

func addressCheck(address, role, description, health string, monitoring *bool) knownvalue.Check {
	orNull := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	var mon knownvalue.Check = knownvalue.Null()
	if monitoring != nil {
		mon = knownvalue.Bool(*monitoring)
	}
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"address": knownvalue.StringExact(address), "address_type": orNull(role), "description": orNull(description),
		"health_check_path": orNull(health), "health_monitoring_enabled": mon,
	})
}

// Roles, descriptions and health checks are sent only where set, kept in
// state whatever the manager reports, and plan clean; on import they are
// null, and a configuration that leaves them out plans clean too.
func TestAccProxyRouting_addressRoles(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		on := true
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{
				{
					Config: canaryRouting(p, ""),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("routing_address"), knownvalue.ListExact([]knownvalue.Check{
							addressCheck("https://orders-1.internal:8443/v1", "", "", "", nil),
							addressCheck("https://orders-canary.internal:8443/v1", "CANARY", "4.2 canary", "", nil),
							addressCheck("https://orders-dr.internal:8443/v1", "FAILOVER_ONLY", "", "/health", &on),
						})),
					},
					Check: func(*terraform.State) error {
						sent := p.lastAddressUpdate(t, "ecommerce", "orders-api")
						want := []wire.RoutingAddress{
							{Address: "https://orders-1.internal:8443/v1", Weight: 9},
							{Address: "https://orders-canary.internal:8443/v1", Weight: 1, AddressType: "CANARY", Description: "4.2 canary"},
							{Address: "https://orders-dr.internal:8443/v1", Weight: 1, AddressType: "FAILOVER_ONLY", HealthCheckPath: "/health", HealthMonitoringEnabled: &on},
						}
						return sameJSON(sent, want)
					},
				},
				{Config: canaryRouting(p, ""), ConfigPlanChecks: expectNoChanges()},
				{
					// The cut-over: the canary becomes the primary.
					Config: strings.Replace(strings.Replace(canaryRouting(p, ""), `address_type = "CANARY"`, `address_type = "PRIMARY"`, 1),
						"weight  = 9", "weight  = 1", 1),
					ConfigPlanChecks: expectUpdate(),
				},
				{
					// Imported, the roles are null: a configuration without
					// them plans clean.
					Config:        ordersRouting(p, 1),
					ResourceName:  ordersAddr,
					ImportState:   true,
					ImportStateId: "ecommerce/orders-api",
					ImportStateCheck: func(states []*terraformInstanceState) error {
						for k, v := range states[0].Attributes {
							if strings.Contains(k, "address_type") || strings.Contains(k, "health_check_path") {
								return fmt.Errorf("imported %s = %q, want null", k, v)
							}
						}
						return nil
					},
				},
			},
		})
	})
}

// The plan-time rules of address roles, each naming the block and value,
// with nothing sent.
func TestAccProxyRouting_roleRules(t *testing.T) {
	cases := map[string]struct{ blocks, extra, want string }{
		"unknown role": {`routing_address {
    address      = "https://a.internal"
    address_type = "SHADOW"
  }`, "", `routing_address\[0\].address_type value must be one of: \["PRIMARY" "CANARY" "MIRROR" "FAILOVER_ONLY"\], got: "SHADOW"`},
		"health check on a canary": {`routing_address {
    address = "https://a.internal"
  }
  routing_address {
    address           = "https://b.internal"
    address_type      = "CANARY"
    health_check_path = "/health"
  }`, "", `routing_address\[1\].health_check_path = "/health", but the address's address_type is CANARY`},
		"health check on a mirror": {`routing_address {
    address = "https://a.internal"
  }
  routing_address {
    address           = "https://b.internal"
    address_type      = "MIRROR"
    health_check_path = "/health"
  }`, "", `address_type is MIRROR`},
		"relative health check": {`routing_address {
    address           = "https://a.internal"
    health_check_path = "health"
  }`, "", `routing_address\[0\].health_check_path must start with /, got: health`},
		"no primary": {`routing_address {
    address      = "https://a.internal"
    address_type = "CANARY"
  }
  routing_address {
    address      = "https://b.internal"
    address_type = "FAILOVER_ONLY"
  }`, "", `No PRIMARY address .* None of the 2 routing_address blocks`},
		"wait without deployments": {`routing_address {
    address = "https://a.internal"
  }`, "wait_for_live_routes = true", `Nothing to wait for .* deploy_environments names no environment`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newTestPlatform(t, managers["latest"])
			cfg := p.providerConfig() + fmt.Sprintf(`
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  %s
  %s
}`, tc.blocks, tc.extra)
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

// With wait_for_live_routes, an apply that deploys to two environments
// waits for both at once until every pod serves the route.
func TestAccProxyRouting_waitsForLiveRoutes(t *testing.T) {
	p := newTestPlatform(t, managers["latest"], func(c *mockplatform.Config) { c.RoutePickupPolls = 3 })
	cfg := deployedRouting(p, 1, `deploy_environments = ["test", "production"]
  wait_for_live_routes = true`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{deployEnvs("production", "test")},
				Check: func(*terraform.State) error {
					for _, env := range []string{"test", "production"} {
						if n := p.RouteHealthPolls("ecommerce", "orders-api", env); n < 4 {
							return fmt.Errorf("%d route-health polls in %s, want at least 4 (3 before the pods pick it up)", n, env)
						}
					}
					return waitedAtOnce(p, "test", "production")
				},
			},
			{Config: cfg, ConfigPlanChecks: expectNoChanges()},
		},
	})
}

// waitedAtOnce checks that the route-health polls of the environments
// interleave: each one's first poll came before every other's last.
func waitedAtOnce(p *testPlatform, envs ...string) error {
	first, last := map[string]int{}, map[string]int{}
	for i, r := range p.Requests() {
		for _, env := range envs {
			if strings.HasSuffix(r.Path, "/environments/"+env+"/route-health/") {
				if _, ok := first[env]; !ok {
					first[env] = i
				}
				last[env] = i
			}
		}
	}
	for _, a := range envs {
		for _, b := range envs {
			if a != b && first[a] > last[b] {
				return fmt.Errorf("the wait for %s began after the wait for %s had ended: one after the other, not at once", a, b)
			}
		}
	}
	return nil
}

// A route that does not go live in time is an error naming the
// environment and the pod counts; the routing stays saved, the environment
// is left out of state, and the next apply deploys there again.
func TestAccProxyRouting_liveRouteTimeout(t *testing.T) {
	p := newTestPlatform(t, managers["latest"])
	p.StallRoutes("ecommerce", "production")
	cfg := deployedRouting(p, 1, `deploy_environments = ["test", "production"]
  wait_for_live_routes = true
  timeouts {
    update = "1s"
  }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: deployedRouting(p, 1, `deploy_environments = ["test"]`)},
			{
				Config:      cfg,
				ExpectError: errorLike(`Route in production not live in time .* after 1s 0 of the 3 gateway pods that answered served the route`),
			},
			{
				PreConfig: func() { p.ResumeRoutes("ecommerce", "production") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ordersAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("deploy_environments"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("production"), knownvalue.StringExact("test")})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{deployEnvs("production", "test")},
				Check:             func(*terraform.State) error { return p.expectDeployments(map[string]int{"test": 1, "production": 2}) },
			},
		},
	})
}

// A manager without route-health is refused by the plan, before the
// routing is saved and deployed (the environment list tells the release).
func TestAccProxyRouting_waitNeedsRouteHealth(t *testing.T) {
	p := newTestPlatform(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: deployedRouting(p, 1, `deploy_environments = ["production"]
  wait_for_live_routes = true`),
			ExpectError: errorLike(`Error running pre-apply plan.*wait_for_live_routes = true waits on the platform's ` +
				`route-health, which this manager does not have`),
		}},
	})
	if n := p.writes(); n != 0 {
		t.Errorf("the refused plan sent %d writes, want none", n)
	}
}

// Refresh of a routing deployed to two environments: where the proxy's
// answer carries deploymentList, one request; else one more per environment.
func TestAccProxyRouting_refreshRequestsPerManager(t *testing.T) {
	want := map[string]int{"classic": 3, "newer": 3, "latest": 1}
	for name, manager := range managers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newTestPlatform(t, manager)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []resource.TestStep{
					{Config: deployedRouting(p, 1, `deploy_environments = ["test", "production"]`)},
					{
						PreConfig:    func() { p.ResetRequests() },
						RefreshState: true,
						Check: func(*terraform.State) error {
							if n := len(p.Requests()); n != want[name] {
								return fmt.Errorf("the refresh sent %d requests, want %d", n, want[name])
							}
							return nil
						},
					},
					{
						// Stale in one environment: the refresh shows it.
						PreConfig: func() { p.Undeploy("ecommerce", "orders-api", "test") },
						Config:    deployedRouting(p, 1, `deploy_environments = ["test", "production"]`),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(ordersAddr, plancheck.ResourceActionUpdate)}},
					},
				},
			})
		})
	}
}

// sameJSON compares what the mock received with what was meant to be sent,
// as JSON: pointers compare by the values they point to.
func sameJSON(got, want any) error {
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		return fmt.Errorf("the mock received %s, want %s", g, w)
	}
	return nil
}

// An AI proxy's routing is refused, naming the proxy, on create and import.
func TestAccProxyRouting_aiProxyIsRefused(t *testing.T) {
	p := newTestPlatform(t, managers["latest"], func(c *mockplatform.Config) {
		c.Projects[0].Proxies = append(c.Projects[0].Proxies, mockplatform.Proxy{Name: "assistant", APIType: "AI"})
	})
	cfg := p.providerConfig() + `
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "assistant"
  routing_address {
    address = "https://llm.internal/v1"
  }
}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: errorLike(`AI proxy routing is not managed here .* API proxy ecommerce/assistant is an AI proxy`)},
			{Config: cfg, ResourceName: ordersAddr, ImportState: true, ImportStateId: "ecommerce/assistant",
				ExpectError: errorLike(`ecommerce/assistant is an AI proxy`)},
		},
	})
}

// The data source states only what the platform reports: on the current
// release soap_type and the roles are null, health monitoring is as
// reported, and deployments come from the proxy's own answer.
func TestAccAPIProxyDataSource_reportsOnlyWhatThePlatformSays(t *testing.T) {
	p := newTestPlatform(t, managers["latest"])
	on := true
	p.SetRoutingAddresses("ecommerce", "billing-soap", []wire.RoutingAddress{
		{Address: "https://b1.internal", Weight: 2, SoapType: "SOAP12", AddressType: "PRIMARY", HealthMonitoringEnabled: &on}})
	const addr = "data.platform_api_proxy.billing"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: p.providerConfig() + `
data "platform_api_proxy" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"
  environments   = ["test", "production"]
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("routing_addresses"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"address": knownvalue.StringExact("https://b1.internal"), "weight": knownvalue.Int64Exact(2),
						"soap_type": knownvalue.Null(), "address_type": knownvalue.Null(), "description": knownvalue.Null(),
						"health_check_path": knownvalue.Null(), "health_monitoring_enabled": knownvalue.Bool(true),
					}),
				})),
				statecheck.ExpectKnownValue(addr, pathOf("deployments", 0, "environment"), knownvalue.StringExact("production")),
				statecheck.ExpectKnownValue(addr, pathOf("deployments", 0, "deployed"), knownvalue.Bool(false)),
			},
			Check: func(*terraform.State) error {
				if n := p.CountRequests(http.MethodGet, ordersPath[:len(ordersPath)-len("orders-api/")]+"billing-soap/environments/"); n != 0 {
					return fmt.Errorf("%d deploy-status reads, want none: the proxy's answer has deploymentList", n)
				}
				return nil
			},
		}},
	})
}

// Health monitoring turned on outside this configuration is state, not
// left out: the next write, which sends none, turns it off, and the plan
// shows that as the change it is.
func TestAccProxyRouting_reportedMonitoringIsPlanned(t *testing.T) {
	p := newTestPlatform(t, managers["latest"])
	on := true
	p.SetRoutingAddresses("ecommerce", "billing-soap", []wire.RoutingAddress{
		{Address: "https://b1.internal", Weight: 2, HealthMonitoringEnabled: &on}})
	const addr = "platform_proxy_routing.billing"
	cfg := p.providerConfig() + `
resource "platform_proxy_routing" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"
  routing_address {
    address = "https://b1.internal"
    weight  = 2
  }
}`
	monitoring := pathOf("routing_address", 0, "health_monitoring_enabled")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: "ecommerce/billing-soap", ImportStatePersist: true},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, monitoring, knownvalue.Null()),
				}},
				Check: func(*terraform.State) error {
					px, _ := p.Proxy("ecommerce", "billing-soap")
					if m := px.Routing.RoutingAddressList[0].HealthMonitoringEnabled; m != nil && *m {
						return fmt.Errorf("health monitoring is still on after a write without it")
					}
					return nil
				},
			},
			{Config: cfg, ConfigPlanChecks: expectNoChanges()},
		},
	})
}
