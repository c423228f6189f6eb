package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func routingWithBlocks(p *testPlatform, proxy, blocks string) string {
	return p.providerConfig() + fmt.Sprintf(`
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = %q
%s
}
`, proxy, blocks)
}

func TestAccProxyRouting_noBlocksWarnsAndClears(t *testing.T) {
	p := newTestPlatform(t)
	p.SetRoutingAddresses("ecommerce", "orders-api", nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: routingWithBlocks(p, "orders-api", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("routing_address"), knownvalue.ListSizeExact(0)),
			},
			Check: func(*terraform.State) error {
				if got := p.lastAddressUpdate(t, "ecommerce", "orders-api"); len(got) != 0 {
					return fmt.Errorf("sent %+v, want an empty list", got)
				}
				return nil
			},
		}},
	})
}

// A configuration that only uses routing needs no catalog login, and a
// missing token is reported by the resource, naming it and its variable.
func TestAccProxyRouting_missingToken(t *testing.T) {
	p := newTestPlatform(t)
	t.Setenv("PLATFORM_TOKEN", "")
	cfg := fmt.Sprintf(`
provider "platform" {
  endpoint = %q
}
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address { address = "https://a.internal" }
}
`, p.URL)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{Config: cfg, PlanOnly: true,
			ExpectError: regexp.MustCompile(`Missing platform credential: token[\s\S]*PLATFORM_TOKEN`)}},
	})
	if n := p.CountRequests("", "/"); n != 0 {
		t.Errorf("the mock received %d requests; want none", n)
	}
}

// Provider settings can all come from the environment.
func TestAccProxyRouting_environmentCredentials(t *testing.T) {
	p := newTestPlatform(t)
	t.Setenv("PLATFORM_ENDPOINT", p.URL)
	t.Setenv("PLATFORM_TOKEN", testToken)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: `
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address { address = "https://a.internal" }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ordersAddr, tfjsonpath.New("api_type"), knownvalue.StringExact("REST")),
			},
		}},
	})
}
