package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
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

// Each case is a user mistake that must be reported at plan time, naming the
// attribute path and the bad value, before any write reaches the platform.
func TestAccProxyRouting_planTimeErrors(t *testing.T) {
	cases := []struct {
		name   string
		proxy  string
		blocks string
		want   string
	}{
		{"address not a URL", "orders-api", `routing_address { address = "orders-1.internal" }`,
			`routing_address\[0\]\.address must be an absolute http or https URL[\s\S]*got: "orders-1\.internal"`},
		{"address with another scheme", "orders-api", `routing_address { address = "ftp://orders.internal/x" }`,
			`routing_address\[0\]\.address[\s\S]*got: "ftp://orders\.internal/x"`},
		{"duplicate address", "orders-api", `
  routing_address { address = "https://a.internal" }
  routing_address { address = "https://a.internal" }`,
			`Duplicate routing address[\s\S]*routing_address\[1\]\.address: the address[\s\S]*"https://a\.internal" is already given in[\s\S]*routing_address\[0\]`},
		{"weight below 1", "orders-api", `routing_address {
    address = "https://a.internal"
    weight  = 0
  }`, `routing_address\[0\]\.weight value must be at least 1, got: 0`},
		{"soap_type outside the enum", "billing-soap", `routing_address {
    address   = "https://a.internal"
    soap_type = "SOAP13"
  }`, `routing_address\[0\]\.soap_type value must be one of:[\s\S]*got: "SOAP13"`},
		{"soap_type on a REST proxy", "orders-api", `
  routing_address { address = "https://a.internal" }
  routing_address {
    address   = "https://b.internal"
    soap_type = "SOAP12"
  }`, `soap_type on a REST proxy[\s\S]*routing_address\[1\] sets soap_type = "SOAP12"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPlatform(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []resource.TestStep{{
					Config:      routingWithBlocks(p, tc.proxy, tc.blocks),
					PlanOnly:    true,
					ExpectError: errorLike(tc.want),
				}},
			})
			if n := p.CountRequests(http.MethodPut, "/apiops/") + p.CountRequests(http.MethodPatch, "/apiops/"); n != 0 {
				t.Errorf("the mock received %d writes; a plan-time error must stop before any", n)
			}
		})
	}
}

func TestAccProxyRouting_noBlocksWarnsAndClears(t *testing.T) {
	p := newTestPlatform(t)
	p.SetRoutingAddresses("ecommerce", "orders-api", nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: routingWithBlocks(p, "orders-api", ""),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(ordersAddr, "routing_address.#", "0"),
				func(*terraformState) error {
					if got := p.lastAddressUpdate(t, "ecommerce", "orders-api"); len(got) != 0 {
						return fmt.Errorf("sent %+v, want an empty list", got)
					}
					return nil
				},
			),
		}},
	})
}

func TestAccProvider_invalidConfiguration(t *testing.T) {
	cases := []struct {
		name, attrs, want string
	}{
		{"endpoint not a URL", `endpoint = "manager.example.com"`, `endpoint must be an absolute http or https URL[\s\S]*got: "manager\.example\.com"`},
		{"request_timeout not a duration", `request_timeout = "thirty"`, `request_timeout must be a positive duration[\s\S]*got: "thirty"`},
		{"max_retries too high", `max_retries = 11`, `max_retries value must be between 0 and 10, got: 11`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPlatform(t)
			cfg := fmt.Sprintf(`
provider "platform" {
  token = %q
  %s
}
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address { address = "https://a.internal" }
}
`, testToken, tc.attrs)
			t.Setenv("PLATFORM_ENDPOINT", p.URL)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
			if n := p.CountRequests("", "/"); n != 0 {
				t.Errorf("the mock received %d requests; want none", n)
			}
		})
	}
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
			Check: resource.TestCheckResourceAttr(ordersAddr, "api_type", "REST"),
		}},
	})
}
