package provider

import (
	"fmt"
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

// plainAddress is an address of a REST proxy with no role attributes set.
func plainAddress(address string, weight int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"address": knownvalue.StringExact(address), "weight": knownvalue.Int64Exact(weight), "soap_type": knownvalue.Null(),
		"address_type": knownvalue.Null(), "description": knownvalue.Null(), "health_check_path": knownvalue.Null(),
		"health_monitoring_enabled": knownvalue.Null()})
}

func TestAccProxyRouting_lifecycle(t *testing.T) {
	forEachManager(t, testRoutingLifecycle)
}

func testRoutingLifecycle(t *testing.T, manager func(*mockplatform.Config)) {
	p := newTestPlatform(t, manager)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: ordersRouting(p, 3),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(ordersAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("id"), knownvalue.StringExact("ecommerce/orders-api")),
					statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("api_type"), knownvalue.StringExact("REST")),
					statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("load_balance_algorithm"), knownvalue.StringExact("ROUND_ROBIN")),
					statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("routing_address"), knownvalue.ListExact([]knownvalue.Check{
						plainAddress("https://orders-1.internal:8443/v1", 3),
						plainAddress("https://orders-2.internal:8443/v1", 1),
					})),
				},
				Check: func(*terraform.State) error {
					return expectAddresses(p, "orders-api", []wire.RoutingAddress{
						{Address: "https://orders-1.internal:8443/v1", Weight: 3},
						{Address: "https://orders-2.internal:8443/v1", Weight: 1},
					})
				},
			},
			{
				// Plans again with the same configuration: nothing to do.
				Config: ordersRouting(p, 3),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: ordersRouting(p, 5),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(ordersAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("routing_address").AtSliceIndex(0).AtMapKey("weight"), knownvalue.Int64Exact(5)),
				},
				Check: func(*terraform.State) error {
					got := p.lastAddressUpdate(t, "ecommerce", "orders-api")
					if len(got) != 2 || got[0].Weight != 5 || got[1].Weight != 1 {
						return fmt.Errorf("the mock received %+v, want the whole list with weights 5 and 1", got)
					}
					return nil
				},
			},
			{
				ResourceName:      ordersAddr,
				ImportState:       true,
				ImportStateId:     "ecommerce/orders-api",
				ImportStateVerify: true,
			},
			{
				// An import block in the configuration: the import plans as a no-op.
				Config:          ordersRouting(p, 5),
				ResourceName:    ordersAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "ecommerce/orders-api",
			},
			{
				// The platform returns the same addresses in another order.
				PreConfig: func() {
					p.SetRoutingAddresses("ecommerce", "orders-api", []wire.RoutingAddress{
						{Address: "https://orders-2.internal:8443/v1", Weight: 1},
						{Address: "https://orders-1.internal:8443/v1", Weight: 5},
					})
				},
				Config: ordersRouting(p, 5),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Deleted on the platform side: a plan to create it again, no
				// error (the missing proxy is a warning for a routing its
				// refresh found gone, so that terraform destroy, whose first
				// plan refreshes, still works).
				PreConfig: func() { p.DeleteProxy("ecommerce", "orders-api") },
				Config:    ordersRouting(p, 5),
				PlanOnly:  true, ExpectNonEmptyPlan: true,
			},
		},
		CheckDestroy: func(*terraform.State) error { return nil },
	})
}

func TestAccProxyRouting_destroyClearsAddresses(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps:                    []resource.TestStep{{Config: ordersRouting(p, 2)}},
			CheckDestroy: func(*terraform.State) error {
				if got := p.lastAddressUpdate(t, "ecommerce", "orders-api"); len(got) != 0 {
					return fmt.Errorf("last update on destroy sent %+v, want an empty list", got)
				}
				return expectAddresses(p, "orders-api", nil)
			},
		})
	})
}
