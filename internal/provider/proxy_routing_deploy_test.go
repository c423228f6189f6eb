package provider

import (
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

// Every write carries the deployment; adding an environment deploys there
// alone; removing one deploys nothing and undeploys nothing.
func TestAccProxyRouting_deployOnCreateAndUpdate(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		prod := `deploy_environments = ["production"]`
		both := `deploy_environments = ["production", "test"]`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{
				{
					Config:            deployedRouting(p, 3, prod+"\nrouting_enabled = true"),
					ConfigStateChecks: []statecheck.StateCheck{deployEnvs("production")},
					Check: func(*terraform.State) error {
						if n, envs := p.deployingRequests(t); n != 1 || strings.Join(envs, ",") != "production" {
							return fmt.Errorf("%d deploying writes naming %v, want one naming production", n, envs)
						}
						return p.expectDeployments(map[string]int{"production": 1, "test": 0})
					},
				},
				{Config: deployedRouting(p, 3, prod+"\nrouting_enabled = true"), ConfigPlanChecks: expectNoChanges()},
				{
					PreConfig:        p.ResetRequests,
					Config:           deployedRouting(p, 5, prod+"\nrouting_enabled = true"),
					ConfigPlanChecks: expectUpdate(),
					Check: func(*terraform.State) error {
						if n, _ := p.deployingRequests(t); n != 1 {
							return fmt.Errorf("%d deploying writes, want 1", n)
						}
						return p.expectDeployments(map[string]int{"production": 2})
					},
				},
				{
					// Only the new environment is deployed, with no settings write.
					PreConfig:         p.ResetRequests,
					Config:            deployedRouting(p, 5, both+"\nrouting_enabled = true"),
					ConfigPlanChecks:  expectUpdate(),
					ConfigStateChecks: []statecheck.StateCheck{deployEnvs("production", "test")},
					Check: func(*terraform.State) error {
						if n := p.settingsWrites(); n != 0 {
							return fmt.Errorf("%d settings writes, want none", n)
						}
						if n := p.CountRequests(http.MethodPost, ordersPath+"environments/test/"); n != 1 {
							return fmt.Errorf("%d deploys to test, want 1", n)
						}
						return p.expectDeployments(map[string]int{"production": 2, "test": 1})
					},
				},
				{Config: deployedRouting(p, 5, both+"\nrouting_enabled = true"), ConfigPlanChecks: expectNoChanges()},
				{
					// Leaving test out of the set neither deploys nor undeploys.
					PreConfig:         p.ResetRequests,
					Config:            deployedRouting(p, 5, prod+"\nrouting_enabled = true"),
					ConfigPlanChecks:  expectUpdate(),
					ConfigStateChecks: []statecheck.StateCheck{deployEnvs("production")},
					Check: func(*terraform.State) error {
						if n := p.settingsWrites() + p.CountRequests(http.MethodPost, "/apiops/") + p.CountRequests(http.MethodDelete, "/apiops/"); n != 0 {
							return fmt.Errorf("%d writes, deploys or undeploys, want none", n)
						}
						return p.expectDeployments(map[string]int{"production": 2, "test": 1})
					},
				},
				{Config: deployedRouting(p, 5, prod+"\nrouting_enabled = true"), ConfigPlanChecks: expectNoChanges()},
			},
		})
	})
}

// A deployment that fails is an error naming the environment and the
// platform's message; the save stays, and the next apply deploys again.
func TestAccProxyRouting_failedDeploymentIsRetried(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		prod := `deploy_environments = ["production"]`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{
				{Config: deployedRouting(p, 1, prod)},
				{
					PreConfig:   func() { p.FailDeployments("ecommerce", "production", "Gateway pods unreachable", 1) },
					Config:      deployedRouting(p, 2, prod),
					ExpectError: errorLike(`Deployment to production failed.*ecommerce/orders-api was saved.*"production" failed: Gateway pods unreachable\.`),
				},
				{
					PreConfig: func() {
						if err := expectAddresses(p, "orders-api", []wire.RoutingAddress{{Address: "https://orders-1.internal:8443/v1", Weight: 2}}); err != nil {
							t.Errorf("after the failed deployment: %v", err)
						}
						if deployed, stale := p.DeployState("ecommerce", "orders-api", "production"); !deployed || !stale {
							t.Errorf("production: deployed %v, redeploy required %v; want the old deployment, stale", deployed, stale)
						}
						p.ResetRequests()
					},
					Config:           deployedRouting(p, 2, prod),
					ConfigPlanChecks: expectUpdate(),
					Check: func(*terraform.State) error {
						if n := p.settingsWrites(); n != 0 {
							return fmt.Errorf("%d settings writes on the retry, want none: the save stayed", n)
						}
						return p.expectDeployments(map[string]int{"production": 2})
					},
				},
				{Config: deployedRouting(p, 2, prod), ConfigPlanChecks: expectNoChanges()},
			},
		})
	})
}

// When the deployment of a new resource fails, Terraform marks it tainted
// (it was created with an error); the next apply replaces it and deploys.
func TestAccProxyRouting_failedFirstDeployment(t *testing.T) {
	p := newTestPlatform(t)
	p.FailDeployments("ecommerce", "production", "Gateway pods unreachable", 1)
	cfg := deployedRouting(p, 1, `deploy_environments = ["production"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: errorLike(`Deployment to production failed.*Gateway pods unreachable`)},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ordersAddr, plancheck.ResourceActionDestroyBeforeCreate)}},
				Check: func(*terraform.State) error { return p.expectDeployments(map[string]int{"production": 1}) },
			},
			{Config: cfg, ConfigPlanChecks: expectNoChanges()},
		},
	})
}

// Someone changes the proxy on the platform: the plan shows it, and the
// apply puts the routing back and deploys it again.
func TestAccProxyRouting_outOfBandChangeRedeploys(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		cfg := deployedRouting(p, 3, `deploy_environments = ["production"]`)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{
				{Config: cfg},
				{
					// The addresses changed: drift and a stale deployment.
					PreConfig: func() {
						p.SetRoutingAddresses("ecommerce", "orders-api", []wire.RoutingAddress{{Address: "https://elsewhere.internal", Weight: 1}})
					},
					Config:           cfg,
					ConfigPlanChecks: expectUpdate(),
					Check: func(*terraform.State) error {
						if err := expectAddresses(p, "orders-api", []wire.RoutingAddress{{Address: "https://orders-1.internal:8443/v1", Weight: 3}}); err != nil {
							return err
						}
						return p.expectDeployments(map[string]int{"production": 2})
					},
				},
				{
					// Something this configuration does not manage changed:
					// only the deployment is stale, and only it is redone.
					PreConfig: func() {
						p.SetRoutingEnabled("ecommerce", "orders-api", false)
						p.SetRoutingEnabled("ecommerce", "orders-api", true)
						p.ResetRequests()
					},
					Config:           cfg,
					ConfigPlanChecks: expectUpdate(),
					Check: func(*terraform.State) error {
						if n := p.settingsWrites(); n != 0 {
							return fmt.Errorf("%d settings writes, want none", n)
						}
						return p.expectDeployments(map[string]int{"production": 3})
					},
				},
				{Config: cfg, ConfigPlanChecks: expectNoChanges()},
			},
		})
	})
}

// An environment the project does not have is refused by the plan, naming
// the project's environments (wire/PROTOCOL.md §2.8): nothing is written.
func TestAccProxyRouting_unknownEnvironment(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{{
				Config: deployedRouting(p, 1, `deploy_environments = ["prod"]`),
				ExpectError: errorLike(`Error running pre-apply plan.*No such environment.*deploy_environments names "prod", but ` +
					`project ecommerce has no environment of that name .* Its environments are: "production", "test"`),
			}},
		})
		if n := p.writes(); n != 0 {
			t.Errorf("the refused plan sent %d writes, want none", n)
		}
		if err := expectAddresses(p, "orders-api", nil); err != nil {
			t.Errorf("after the refused plan: %v", err)
		}
	})
}

// routing_enabled is managed when set, and drift is planned back.
func TestAccProxyRouting_routingDisabledAndEnabled(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		enabled := func(want bool) resource.TestCheckFunc {
			return func(*terraform.State) error {
				if px, _ := p.Proxy("ecommerce", "orders-api"); px.Routing.RoutingEnabled != want {
					return fmt.Errorf("routing enabled on the platform: %v, want %v", px.Routing.RoutingEnabled, want)
				}
				return nil
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{
				{Config: deployedRouting(p, 1, `routing_enabled = false`), Check: enabled(false)},
				{Config: deployedRouting(p, 1, `routing_enabled = false`), ConfigPlanChecks: expectNoChanges()},
				{Config: deployedRouting(p, 1, `routing_enabled = true`), ConfigPlanChecks: expectUpdate(), Check: enabled(true)},
				{
					PreConfig:        func() { p.SetRoutingEnabled("ecommerce", "orders-api", false) },
					Config:           deployedRouting(p, 1, `routing_enabled = true`),
					ConfigPlanChecks: expectUpdate(),
					Check:            enabled(true),
				},
				{
					// Left out: no longer managed, and left as it is.
					PreConfig: p.ResetRequests,
					Config:    deployedRouting(p, 1, ``),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("routing_enabled"), knownvalue.Null()),
					},
					Check: resource.ComposeAggregateTestCheckFunc(enabled(true),
						func(*terraform.State) error {
							if n := p.settingsWrites(); n != 0 {
								return fmt.Errorf("%d settings writes, want none", n)
							}
							return nil
						}),
				},
				{
					PreConfig:        func() { p.SetRoutingEnabled("ecommerce", "orders-api", false) },
					Config:           deployedRouting(p, 1, ``),
					ConfigPlanChecks: expectNoChanges(),
				},
			},
		})
	})
}
