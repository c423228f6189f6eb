package provider

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

func withProxies(prefix string, n int) func(*mockplatform.Config) {
	return func(c *mockplatform.Config) {
		for i := range n {
			c.Projects[0].Proxies = append(c.Projects[0].Proxies,
				mockplatform.Proxy{Name: fmt.Sprintf("%s-%d", prefix, i), APIType: "REST"})
		}
	}
}

// fleetConfig is n APIs and n routings; gen changes every one of them.
func fleetConfig(p *testPlatform, n, gen int) string {
	return strings.Replace(p.providerConfig(), "max_retries   = 3", "max_retries   = 10", 1) + fmt.Sprintf(`
resource "platform_api" "a" {
  count       = %[1]d
  name        = "fleet-${count.index}"
  description = "generation %[2]d"
  version = {
    name       = "1.0"
    endpoints  = [{ category = "Production", uri = "https://fleet-${count.index}.example.com/v%[2]d" }]
    operations = [{ name = "get", method = "GET" }]
  }
}

resource "platform_proxy_routing" "r" {
  count          = %[1]d
  project_name   = "ecommerce"
  api_proxy_name = "fleet-${count.index}"
  routing_address {
    address = "https://fleet-${count.index}-a.internal"
    weight  = %[2]d
  }
  routing_address {
    address = "https://fleet-${count.index}-b.internal"
  }
}
`, n, gen)
}

// platformMatchesState compares what the mock holds with Terraform's state,
// both ways: every API and routing in state is on the platform as recorded,
// and the platform holds no API that state does not track.
func platformMatchesState(p *testPlatform, s *terraformState) error {
	held := map[string]wire.API{}
	for _, a := range p.APIs() {
		held[a.APIID] = a
	}
	tracked := 0
	for addr, rs := range s.RootModule().Resources {
		attrs := rs.Primary.Attributes
		switch rs.Type {
		case "platform_api":
			tracked++
			a, ok := held[attrs["id"]]
			if !ok {
				return fmt.Errorf("%s tracks %s, which the platform does not hold", addr, attrs["id"])
			}
			if a.Name != attrs["name"] || a.Description != attrs["description"] ||
				a.APIVersion.APIVersionID != attrs["version_id"] || a.APIVersion.ProductionEndpoint != attrs["production_endpoint"] {
				return fmt.Errorf("%s differs from the platform: state %v, platform %+v", addr, attrs, a)
			}
		case "platform_proxy_routing":
			px, ok := p.Proxy(attrs["project_name"], attrs["api_proxy_name"])
			if !ok {
				return fmt.Errorf("%s: proxy gone", addr)
			}
			var got, want []string
			for _, a := range px.Routing.RoutingAddressList {
				got = append(got, fmt.Sprintf("%s/%d", a.Address, a.Weight))
			}
			for i := 0; attrs[fmt.Sprintf("routing_address.%d.address", i)] != ""; i++ {
				want = append(want, attrs[fmt.Sprintf("routing_address.%d.address", i)]+"/"+attrs[fmt.Sprintf("routing_address.%d.weight", i)])
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				return fmt.Errorf("%s: platform holds %v, state %v", addr, got, want)
			}
		}
	}
	if tracked != len(held) {
		return fmt.Errorf("state tracks %d APIs, the platform holds %d", tracked, len(held))
	}
	return nil
}

// 20% of all requests fail in every way PROTOCOL.md section 3 names; 40 APIs
// and 40 routings are created, updated and destroyed all the same.
func TestAccReliability_flakyPlatform(t *testing.T) {
	const n = 40
	p := newTestPlatform(t, withProxies("fleet", n))
	p.InjectFaultRate("", "/", 0.2, 42, mockplatform.MixedFaults("0")...)
	check := func(s *terraformState) error { return platformMatchesState(p, s) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: fleetConfig(p, n, 1), Check: check},
			{Config: fleetConfig(p, n, 2), Check: check},
		},
		CheckDestroy: func(*terraformState) error {
			if left := len(p.APIs()); left != 0 {
				return fmt.Errorf("%d APIs left after destroy", left)
			}
			for i := range n {
				if px, _ := p.Proxy("ecommerce", fmt.Sprintf("fleet-%d", i)); len(px.Routing.RoutingAddressList) != 0 {
					return fmt.Errorf("proxy fleet-%d still routes to %v", i, px.Routing.RoutingAddressList)
				}
			}
			return nil
		},
	})
	t.Logf("%d faults injected in %d requests; all survived", p.FaultsInjected(), len(p.Requests()))
	if p.FaultsInjected() < 100 {
		t.Errorf("only %d faults were injected; the test proves little", p.FaultsInjected())
	}
}

// The platform creates the API, then the connection drops: exactly one API
// exists afterwards, and the state tracks it.
func TestAccReliability_lostCreateAnswer(t *testing.T) {
	p := newTestPlatform(t)
	p.InjectFaults(http.MethodPost, "/api/apis", mockplatform.Fault{DropAfter: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: p.providerConfig() + minimalAPI("lost-answer", `description = "once"`),
			Check: func(s *terraformState) error {
				apis := p.APIs()
				if len(apis) != 1 {
					return fmt.Errorf("the platform holds %d APIs, want exactly 1", len(apis))
				}
				if got := s.RootModule().Resources[paymentsAddr].Primary.ID; got != apis[0].APIID {
					return fmt.Errorf("state tracks %q, the platform holds %q", got, apis[0].APIID)
				}
				if n := p.CountRequests(http.MethodPost, "/api/apis"); n != 1 {
					return fmt.Errorf("%d POSTs; the lost one must not be repeated", n)
				}
				return nil
			},
		}},
	})
}

// Sessions expire every 3 requests during a 30-API apply: it completes,
// with one login per expiry (plus one per terraform command).
func TestAccReliability_sessionExpiryMidApply(t *testing.T) {
	p := newTestPlatform(t, func(c *mockplatform.Config) { c.SessionMaxRequests = 3 })
	cfg := p.providerConfig() + `
resource "platform_api" "a" {
  count = 30
  name  = "expiring-${count.index}"
  version = { name = "1.0" }
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(s *terraformState) error {
				if n := len(p.APIs()); n != 30 {
					return fmt.Errorf("%d APIs, want 30", n)
				}
				return platformMatchesState(p, s)
			},
		}},
	})
	logins, expiries := p.Logins(), p.Expiries()
	t.Logf("%d session expiries, %d logins", expiries, logins)
	// Each terraform command that talks to the catalog starts with one login.
	const commands = 8
	if expiries < 10 || logins > expiries+commands {
		t.Errorf("%d logins for %d expiries: want one per expiry plus at most one per command", logins, expiries)
	}
}
