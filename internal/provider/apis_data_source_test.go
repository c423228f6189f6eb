package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	helper "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// platform_apis lists the catalog with one request, sorted by name and
// filtered by name_regex; no match is an empty list.
func TestAccAPIsDataSource(t *testing.T) {
	p := newTestPlatform(t, func(c *mockplatform.Config) { c.ReverseLists = true })
	ids := map[string]string{}
	for _, name := range []string{"orders", "billing", "orders-v2", "Zahlungen"} {
		ids[name] = p.InsertAPI(name)
	}
	const addr = "data.platform_apis.x"
	list := func(args string) string {
		return p.providerConfig() + fmt.Sprintf("data \"platform_apis\" \"x\" {\n%s\n}\n", args)
	}
	helper.ParallelTest(t, helper.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []helper.TestStep{
			{
				Config: list(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("apis"), knownvalue.ListSizeExact(4)),
					statecheck.ExpectKnownValue(addr, pathOf("apis", 0, "name"), knownvalue.StringExact("Zahlungen")),
					statecheck.ExpectKnownValue(addr, pathOf("apis", 1, "name"), knownvalue.StringExact("billing")),
					statecheck.ExpectKnownValue(addr, pathOf("apis", 3, "name"), knownvalue.StringExact("orders-v2")),
					statecheck.ExpectKnownValue(addr, pathOf("apis", 1, "id"), knownvalue.StringExact(ids["billing"])),
				},
				Check: func(*terraform.State) error {
					if n := p.CountRequests(http.MethodGet, "/api/apis/"); n != 0 {
						return fmt.Errorf("%d per-API reads, want none", n)
					}
					return nil
				},
			},
			{
				Config: list(`name_regex = "^orders"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("apis"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(addr, pathOf("apis", 0, "name"), knownvalue.StringExact("orders")),
					statecheck.ExpectKnownValue(addr, pathOf("apis", 1, "name"), knownvalue.StringExact("orders-v2")),
				},
			},
			{Config: list(`name_regex = "^nothing$"`), ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("apis"), knownvalue.ListSizeExact(0))}},
		},
	})
}

// platform_apis with include_versions lists each matching API's versions,
// oldest first, one request per API; without it versions is null.
func TestAccAPIsDataSource_includeVersions(t *testing.T) {
	p := newTestPlatform(t)
	payments := p.InsertAPI("payments")
	v2 := p.AddVersion(payments, wire.APIVersion{Name: "2.0"})
	orders := p.InsertAPI("orders")
	p.InsertAPI("billing")
	const addr = "data.platform_apis.x"
	helper.ParallelTest(t, helper.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []helper.TestStep{
			{
				PreConfig: p.ResetRequests,
				Config: p.providerConfig() + `
data "platform_apis" "x" {
  name_regex       = "^(payments|orders)$"
  include_versions = true
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("apis"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(orders), "name": knownvalue.StringExact("orders"),
							"versions": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
								"id": knownvalue.StringExact(p.APIVersions(orders)[0].APIVersionID), "name": knownvalue.StringExact("1.0")})}),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(payments), "name": knownvalue.StringExact("payments"),
							"versions": knownvalue.ListExact([]knownvalue.Check{
								knownvalue.ObjectExact(map[string]knownvalue.Check{
									"id": knownvalue.StringExact(p.APIVersions(payments)[0].APIVersionID), "name": knownvalue.StringExact("1.0")}),
								knownvalue.ObjectExact(map[string]knownvalue.Check{
									"id": knownvalue.StringExact(v2), "name": knownvalue.StringExact("2.0")}),
							}),
						}),
					})),
				},
				Check: func(*terraform.State) error {
					// The list, then one versions list per matching API
					// (billing is filtered out), per read; Terraform reads
					// the data source in plan and apply.
					lists, versions := p.CountRequests(http.MethodGet, "/api/apis"), 0
					for _, r := range p.Requests() {
						if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/versions") {
							versions++
						}
					}
					if versions != 2*(lists-versions) {
						return fmt.Errorf("%d version lists for %d catalog lists, want two per catalog list", versions, lists-versions)
					}
					return nil
				},
			},
			{
				Config: p.providerConfig() + `data "platform_apis" "x" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, pathOf("apis", 0, "versions"), knownvalue.Null()),
				},
			},
		},
	})
}
