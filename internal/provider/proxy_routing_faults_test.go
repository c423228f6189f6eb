package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// writeMethod is the method the provider ends up writing addresses with:
// the current manager release only takes PATCH.
func writeMethod(manager func(*mockplatform.Config)) string {
	var cfg mockplatform.Config
	manager(&cfg)
	if cfg.LatestManager {
		return http.MethodPatch
	}
	return http.MethodPut
}

// Faults on deploying writes and on deploy-status reads converge, and a
// deployment whose answer was lost is never made twice: the provider saves
// again without deploying, then deploys only where the status says the saved
// routing is not live.
func TestAccProxyRouting_deployFaultsConverge(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		method := writeMethod(manager)
		addresses := ordersPath + "settings/addresses/"
		prod := `deploy_environments = ["production"]`
		faultWrite := func(f mockplatform.Fault) func() {
			return func() { p.ClearFaults(); p.InjectFaults(method, addresses, f) }
		}
		deployed := func(want map[string]int) resource.TestCheckFunc {
			return func(*terraform.State) error {
				if p.FaultsInjected() == 0 {
					return fmt.Errorf("no fault was injected")
				}
				return p.expectDeployments(want)
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{
				{
					// Saved and deployed, but the answer is lost.
					PreConfig: faultWrite(mockplatform.Fault{DropAfter: true}),
					Config:    deployedRouting(p, 1, prod),
					Check:     deployed(map[string]int{"production": 1}),
				},
				{
					// Never reached the platform.
					PreConfig: faultWrite(mockplatform.Fault{DropBefore: true}),
					Config:    deployedRouting(p, 2, prod),
					Check:     deployed(map[string]int{"production": 2}),
				},
				{
					PreConfig: faultWrite(mockplatform.Fault{Status: http.StatusBadGateway}),
					Config:    deployedRouting(p, 3, prod),
					Check:     deployed(map[string]int{"production": 3}),
				},
				{
					PreConfig: faultWrite(mockplatform.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"}),
					Config:    deployedRouting(p, 4, prod),
					Check:     deployed(map[string]int{"production": 4}),
				},
				{
					// An explicit deployment whose answer is lost.
					PreConfig: func() {
						p.ClearFaults()
						p.InjectFaults(http.MethodPost, ordersPath+"environments/test/", mockplatform.Fault{DropAfter: true})
					},
					Config: deployedRouting(p, 4, `deploy_environments = ["production", "test"]`),
					Check:  deployed(map[string]int{"production": 4, "test": 1}),
				},
				{
					// Every kind of fault on the deploy-status reads of a refresh;
					// each read succeeds within max_retries (3), and Fault{}
					// lets one attempt through.
					PreConfig: func() {
						p.ClearFaults()
						p.InjectFaults(http.MethodGet, ordersPath+"environments/",
							mockplatform.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"},
							mockplatform.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "0"},
							mockplatform.Fault{DropBefore: true}, mockplatform.Fault{},
							mockplatform.Fault{DropAfter: true}, mockplatform.Fault{Status: http.StatusGatewayTimeout})
					},
					Config:           deployedRouting(p, 4, `deploy_environments = ["production", "test"]`),
					ConfigPlanChecks: expectNoChanges(),
					Check:            deployed(map[string]int{"production": 4, "test": 1}),
				},
				{
					// Saved and deployed, but the answer is cut off midway.
					PreConfig: faultWrite(mockplatform.Fault{CutAnswer: true}),
					Config:    deployedRouting(p, 5, `deploy_environments = ["production", "test"]`),
					Check:     deployed(map[string]int{"production": 5, "test": 2}),
				},
			},
		})
	})
}
