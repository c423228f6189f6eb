package provider

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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
    operations = { get = { method = "GET" } }
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
type platformMatchesState struct{ p *testPlatform }

func (c platformMatchesState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	held := map[string]wire.API{}
	for _, a := range c.p.APIs() {
		held[a.APIID] = a
	}
	tracked := 0
	for _, rs := range req.State.Values.RootModule.Resources {
		attrs := rs.AttributeValues
		switch rs.Type {
		case "platform_api":
			tracked++
			a, ok := held[stateText(attrs["id"])]
			if !ok {
				resp.Error = fmt.Errorf("%s tracks %s, which the platform does not hold", rs.Address, stateText(attrs["id"]))
				return
			}
			if a.Name != stateText(attrs["name"]) || a.Description != stateText(attrs["description"]) ||
				a.APIVersion.APIVersionID != stateText(attrs["version_id"]) || a.APIVersion.ProductionEndpoint != stateText(attrs["production_endpoint"]) {
				resp.Error = fmt.Errorf("%s differs from the platform: state %v, platform %+v", rs.Address, attrs, a)
				return
			}
		case "platform_proxy_routing":
			px, ok := c.p.Proxy(stateText(attrs["project_name"]), stateText(attrs["api_proxy_name"]))
			if !ok {
				resp.Error = fmt.Errorf("%s: proxy gone", rs.Address)
				return
			}
			var got, want []string
			for _, a := range px.Routing.RoutingAddressList {
				got = append(got, fmt.Sprintf("%s/%d", a.Address, a.Weight))
			}
			list, _ := attrs["routing_address"].([]any)
			for _, e := range list {
				a, _ := e.(map[string]any)
				want = append(want, stateText(a["address"])+"/"+stateText(a["weight"]))
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				resp.Error = fmt.Errorf("%s: platform holds %v, state %v", rs.Address, got, want)
				return
			}
		}
	}
	if tracked != len(held) {
		resp.Error = fmt.Errorf("state tracks %d APIs, the platform holds %d", tracked, len(held))
	}
}

// stateText is a state value as a string; null is "".
func stateText(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// 20% of all requests fail in every way wire/PROTOCOL.md §3 names; 40 APIs
// and 40 routings are created, updated and destroyed all the same.
func TestAccReliability_flakyPlatform(t *testing.T) {
	const n = 40
	p := newTestPlatform(t, withProxies("fleet", n))
	p.InjectFaultRate("", "/", 0.2, 42, mockplatform.MixedFaults("0")...)
	matches := []statecheck.StateCheck{platformMatchesState{p}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: fleetConfig(p, n, 1), ConfigStateChecks: matches},
			{Config: fleetConfig(p, n, 2), ConfigStateChecks: matches},
		},
		CheckDestroy: func(*terraform.State) error {
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
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(paymentsAddr, tfjsonpath.New("id"), p.isTheAPI()),
			},
			Check: func(*terraform.State) error {
				if n := len(p.APIs()); n != 1 {
					return fmt.Errorf("the platform holds %d APIs, want exactly 1", n)
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
			Config:            cfg,
			ConfigStateChecks: []statecheck.StateCheck{platformMatchesState{p}},
			Check: func(*terraform.State) error {
				if n := len(p.APIs()); n != 30 {
					return fmt.Errorf("%d APIs, want 30", n)
				}
				return nil
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
