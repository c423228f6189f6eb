package mockplatform

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const ordersAddresses = ordersAPI + "settings/addresses/"

func latest(c *Config) { c.LatestManager = true }

// getOrders reads orders-api as the variant answers it, unwrapped, as
// generic JSON so that absent and extra fields show.
func (h *harness) getOrders() map[string]any {
	h.t.Helper()
	status, b := h.ops("GET", ordersAPI, "", "demo-token")
	var out map[string]any
	if status != 200 || json.Unmarshal(b, &out) != nil {
		h.t.Fatalf("GET orders-api: %d %s", status, b)
	}
	if list, ok := out["resultList"].([]any); ok {
		out = list[0].(map[string]any)
	}
	return out
}

func addressesOf(proxy map[string]any) []map[string]any {
	var out []map[string]any
	for _, a := range proxy["routing"].(map[string]any)["routingAddressList"].([]any) {
		out = append(out, a.(map[string]any))
	}
	return out
}

func TestAddressRolesOnTheLatestManager(t *testing.T) {
	cases := []struct {
		name, list string
		want       int
		message    string
	}{
		{"no addressType is PRIMARY", `[{"address":"http://a"}]`, 200, ""},
		{"an empty addressType is PRIMARY", `[{"address":"http://a","addressType":""},{"address":"http://b","addressType":"CANARY"}]`, 200, ""},
		{"every role beside a PRIMARY", `[{"address":"http://a","addressType":"PRIMARY"},{"address":"http://b","addressType":"CANARY"},
			{"address":"http://c","addressType":"MIRROR"},{"address":"http://d","addressType":"FAILOVER_ONLY"}]`, 200, ""},
		{"the empty list", `[]`, 200, ""},
		{"health check on PRIMARY", `[{"address":"http://a","healthCheckPath":"/health","healthMonitoringEnabled":true}]`, 200, ""},
		{"health check on FAILOVER_ONLY", `[{"address":"http://a"},{"address":"http://b","addressType":"FAILOVER_ONLY","healthCheckPath":"/hc?deep=1"}]`, 200, ""},
		{"an empty health check on CANARY", `[{"address":"http://a"},{"address":"http://b","addressType":"CANARY","healthCheckPath":""}]`, 200, ""},
		{"description and monitoring anywhere", `[{"address":"http://a","description":"main"},{"address":"http://b","addressType":"MIRROR","description":"shadow","healthMonitoringEnabled":true}]`, 200, ""},
		{"an unknown role", `[{"address":"http://a","addressType":"SECONDARY"}]`, 400, "routingAddressList[0].addressType must be one of PRIMARY, CANARY, MIRROR, FAILOVER_ONLY"},
		{"a role in lower case", `[{"address":"http://a","addressType":"primary"}]`, 400, "addressType must be one of"},
		{"health check on CANARY", `[{"address":"http://a"},{"address":"http://b","addressType":"CANARY","healthCheckPath":"/h"}]`, 400, "routingAddressList[1].healthCheckPath is allowed on PRIMARY and FAILOVER_ONLY addresses only"},
		{"health check on MIRROR", `[{"address":"http://a"},{"address":"http://b","addressType":"MIRROR","healthCheckPath":"/h"}]`, 400, "not on MIRROR"},
		{"health check without a slash", `[{"address":"http://a","healthCheckPath":"health"}]`, 400, `must start with "/"`},
		{"only a CANARY", `[{"address":"http://a","addressType":"CANARY"}]`, 400, "At least one PRIMARY address is required"},
		{"MIRROR and FAILOVER_ONLY", `[{"address":"http://a","addressType":"MIRROR"},{"address":"http://b","addressType":"FAILOVER_ONLY"}]`, 400, "At least one PRIMARY address is required"},
		{"a bad address before the PRIMARY rule", `[{"address":"x","addressType":"CANARY"}]`, 400, "Address must be a valid URL"},
		{"monitoring not a bool", `[{"address":"http://a","healthMonitoringEnabled":"yes"}]`, 400, "routingAddressList"},
		{"description not a string", `[{"address":"http://a","description":5}]`, 400, "routingAddressList"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, latest)
			status, b := h.ops("PATCH", ordersAddresses, `{"routingAddressList":`+tc.list+`}`, "demo-token")
			if status != tc.want {
				t.Fatalf("%d %s, want %d", status, b, tc.want)
			}
			px, _ := h.srv.Proxy("ecommerce", "orders-api")
			if tc.want == 200 {
				if n := strings.Count(tc.list, "address\":"); len(px.Routing.RoutingAddressList) != n {
					t.Fatalf("stored %+v", px.Routing.RoutingAddressList)
				}
				return
			}
			var e wire.OpsFailure
			if json.Unmarshal(b, &e) != nil || e.Status != "FAILURE" || !strings.Contains(e.ResultMessage, tc.message) {
				t.Fatalf("answer %s, want FAILURE with %q", b, tc.message)
			}
			if len(px.Routing.RoutingAddressList) != 0 {
				t.Fatalf("a refused list was saved: %+v", px.Routing.RoutingAddressList)
			}
		})
	}
}

// What was sent is stored and used; GET shows only healthMonitoringEnabled
// of the four, false where it was not sent, and never soapType.
func TestLatestManagerStoresRolesAndShowsMonitoring(t *testing.T) {
	h := newHarness(t, latest)
	status, b := h.ops("PATCH", "/apiops/projects/ecommerce/apiProxies/billing-soap/settings/addresses/", `{"routingAddressList":[
		{"address":"http://a","weight":2,"soapType":"SOAP12","description":"main","healthCheckPath":"/health","healthMonitoringEnabled":true},
		{"address":"http://b","addressType":"CANARY","healthMonitoringEnabled":false},
		{"address":"http://c","addressType":"FAILOVER_ONLY"}]}`, "demo-token")
	if status != 200 {
		t.Fatalf("PATCH: %d %s", status, b)
	}
	px, _ := h.srv.Proxy("ecommerce", "billing-soap")
	got := px.Routing.RoutingAddressList
	if len(got) != 3 || got[0].AddressType != "" || got[0].Description != "main" || got[0].HealthCheckPath != "/health" ||
		got[0].HealthMonitoringEnabled == nil || !*got[0].HealthMonitoringEnabled || got[0].SoapType != "SOAP12" ||
		got[1].AddressType != "CANARY" || got[1].HealthMonitoringEnabled == nil || *got[1].HealthMonitoringEnabled ||
		got[2].AddressType != "FAILOVER_ONLY" || got[2].HealthMonitoringEnabled != nil || got[2].SoapType != "SOAP11" {
		t.Fatalf("stored %+v", got)
	}
	*got[0].HealthMonitoringEnabled = false
	if again, _ := h.srv.Proxy("ecommerce", "billing-soap"); !*again.Routing.RoutingAddressList[0].HealthMonitoringEnabled {
		t.Fatal("Proxy shares the stored flags")
	}

	_, raw := h.ops("GET", "/apiops/projects/ecommerce/apiProxies/billing-soap/", "", "demo-token")
	var wrapped wire.ResultList[wire.APIProxy]
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		t.Fatal(err)
	}
	shown := wrapped.ResultList[0].Routing.RoutingAddressList
	for i, want := range []bool{true, false, false} {
		a := shown[i]
		if a.HealthMonitoringEnabled == nil || *a.HealthMonitoringEnabled != want || a.AddressType != "" || a.Description != "" || a.HealthCheckPath != "" || a.SoapType != "" {
			t.Errorf("GET shows address %d as %+v", i, a)
		}
	}
	for _, field := range []string{"addressType", "healthCheckPath", "soapType", `"description":"main"`, `"URL"`} {
		if strings.Contains(string(raw), field) {
			t.Errorf("GET shows %s: %s", field, raw)
		}
	}
	if !strings.Contains(string(raw), `"clientRoute"`) || !strings.Contains(string(raw), `"retryCount"`) {
		t.Errorf("GET lost the fields clients must ignore: %s", raw)
	}
}

// Older managers accept the four fields, check none of them, and store
// only address, weight and soapType.
func TestOlderManagersDropRoles(t *testing.T) {
	for name, variant := range map[string]func(*Config){
		"classic": func(*Config) {}, "newer": func(c *Config) { c.NewerManager = true }, "patch only": func(c *Config) { c.PatchOnly = true },
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant)
			status, b := h.ops("PATCH", ordersAddresses, `{"routingAddressList":[
				{"address":"http://a","addressType":"CANARY","healthCheckPath":"no-slash","description":"d","healthMonitoringEnabled":true},
				{"address":"http://b","addressType":"BOGUS"}]}`, "demo-token")
			if status != 200 {
				t.Fatalf("PATCH: %d %s", status, b)
			}
			px, _ := h.srv.Proxy("ecommerce", "orders-api")
			want := []wire.RoutingAddress{{Address: "http://a", Weight: 1}, {Address: "http://b", Weight: 1}}
			if !slices.Equal(px.Routing.RoutingAddressList, want) {
				t.Fatalf("stored %+v, want %+v", px.Routing.RoutingAddressList, want)
			}
			got := h.getOrders()
			if _, ok := got["deploymentList"]; ok {
				t.Errorf("an older manager answers a deploymentList: %v", got)
			}
			for _, a := range addressesOf(got) {
				if slices.ContainsFunc(slices.Collect(maps.Keys(a)), func(k string) bool { return k != "address" && k != "weight" }) {
					t.Errorf("GET shows %v", a)
				}
			}
			// Behind the client's back, and seeded, they keep none either.
			h.srv.SetRoutingAddresses("ecommerce", "orders-api", []wire.RoutingAddress{{Address: "http://c", Weight: 1, AddressType: "MIRROR", HealthMonitoringEnabled: boolPtr(true)}})
			if px, _ := h.srv.Proxy("ecommerce", "orders-api"); !slices.Equal(px.Routing.RoutingAddressList, []wire.RoutingAddress{{Address: "http://c", Weight: 1}}) {
				t.Errorf("SetRoutingAddresses stored %+v", px.Routing.RoutingAddressList)
			}
		})
	}
}

func TestSeededRolesOnTheLatestManager(t *testing.T) {
	h := newHarness(t, latest, func(c *Config) {
		c.Projects[0].Proxies[0].RoutingAddresses = []wire.RoutingAddress{
			{Address: "http://a", HealthMonitoringEnabled: boolPtr(true)}, {Address: "http://b", AddressType: "CANARY"}}
	})
	addrs := addressesOf(h.getOrders())
	if len(addrs) != 2 || addrs[0]["healthMonitoringEnabled"] != true || addrs[1]["healthMonitoringEnabled"] != false || addrs[0]["weight"] != 1.0 {
		t.Fatalf("GET shows %v", addrs)
	}
}

// Saving the list again is no change, whether a default is sent or left
// out; a change of any §2.7 field makes the deployment stale.
func TestRolesAndRedeploys(t *testing.T) {
	h := newHarness(t, latest)
	write := func(list string, deploy bool) {
		t.Helper()
		body := `{"routingAddressList":` + list
		if deploy {
			body += `,"deploy":true,"deployTargetEnvironmentNameList":["production"]`
		}
		if status, b := h.ops("PATCH", ordersAddresses, body+`}`, "demo-token"); status != 200 {
			t.Fatalf("PATCH %s: %d %s", list, status, b)
		}
	}
	write(`[{"address":"http://a","healthMonitoringEnabled":true},{"address":"http://b","addressType":"CANARY"}]`, true)
	for _, same := range []string{
		`[{"address":"http://a","healthMonitoringEnabled":true},{"address":"http://b","addressType":"CANARY"}]`,
		`[{"address":"http://a","addressType":"PRIMARY","weight":1,"healthMonitoringEnabled":true},{"address":"http://b","addressType":"CANARY","healthMonitoringEnabled":false}]`,
	} {
		write(same, false)
		if st := h.deployStatus("production"); st.RedeployRequired {
			t.Fatalf("saving %s again made the deployment stale", same)
		}
	}
	for _, changed := range []string{
		`[{"address":"http://a"},{"address":"http://b","addressType":"CANARY"}]`,
		`[{"address":"http://a","healthMonitoringEnabled":true},{"address":"http://b","addressType":"MIRROR"}]`,
		`[{"address":"http://a","healthMonitoringEnabled":true,"description":"x"},{"address":"http://b","addressType":"CANARY"}]`,
		`[{"address":"http://a","healthMonitoringEnabled":true,"healthCheckPath":"/h"},{"address":"http://b","addressType":"CANARY"}]`,
	} {
		write(`[{"address":"http://a","healthMonitoringEnabled":true},{"address":"http://b","addressType":"CANARY"}]`, true)
		write(changed, false)
		if st := h.deployStatus("production"); !st.RedeployRequired {
			t.Fatalf("saving %s did not make the deployment stale", changed)
		}
	}
}

// The latest GET lists every environment of the project with the facts of
// its deploy-status.
func TestDeploymentListOnTheLatestManager(t *testing.T) {
	h := newHarness(t, latest)
	list := func() []wire.ProxyDeployment {
		t.Helper()
		_, b := h.ops("GET", ordersAPI, "", "demo-token")
		var out wire.ResultList[wire.APIProxy]
		if err := json.Unmarshal(b, &out); err != nil || out.ResultList[0].DeploymentList == nil {
			t.Fatalf("GET: %s", b)
		}
		for _, d := range out.ResultList[0].DeploymentList {
			st := h.deployStatus(d.EnvironmentName)
			if st.Deployed != d.Deployed || st.RedeployRequired != d.RedeployRequired {
				t.Fatalf("deploymentList says %+v, deploy-status %+v", d, st)
			}
		}
		return out.ResultList[0].DeploymentList
	}
	steps := []struct {
		name, method, path, body string
		want                     []wire.ProxyDeployment
	}{
		{"never deployed", "", "", "", []wire.ProxyDeployment{{EnvironmentName: "test"}, {EnvironmentName: "production"}}},
		{"deployed to production", "PATCH", ordersAddresses, `{"routingAddressList":[{"address":"http://a"}],"deploy":true,"deployTargetEnvironmentNameList":["production"]}`,
			[]wire.ProxyDeployment{{EnvironmentName: "test"}, {EnvironmentName: "production", Deployed: true}}},
		{"changed since", "PATCH", ordersAPI + "settings/routing-status/", `{"routingEnabled":false}`,
			[]wire.ProxyDeployment{{EnvironmentName: "test"}, {EnvironmentName: "production", Deployed: true, RedeployRequired: true}}},
		{"deployed to test", "POST", ordersAPI + "environments/test/", ``,
			[]wire.ProxyDeployment{{EnvironmentName: "test", Deployed: true}, {EnvironmentName: "production", Deployed: true, RedeployRequired: true}}},
		{"undeployed from production", "DELETE", ordersAPI + "environments/production/", ``,
			[]wire.ProxyDeployment{{EnvironmentName: "test", Deployed: true}, {EnvironmentName: "production"}}},
	}
	for _, step := range steps {
		if step.method != "" {
			if status, b := h.ops(step.method, step.path, step.body, "demo-token"); status != 200 {
				t.Fatalf("%s: %d %s", step.name, status, b)
			}
		}
		if got := list(); !slices.Equal(got, step.want) {
			t.Fatalf("%s: deploymentList %+v, want %+v", step.name, got, step.want)
		}
	}
}

// The event log of a deployment counts the addresses by role where the
// variant serves roles.
func TestDeploymentEventsCountRoles(t *testing.T) {
	for name, want := range map[string]string{
		"latest":  "(revision 2, 2 addresses: 1 PRIMARY (1 monitored), 1 CANARY (0 monitored))",
		"classic": "(revision 2, 2 addresses)",
	} {
		h := newHarness(t, func(c *Config) { c.LatestManager = name == "latest" })
		var events strings.Builder
		h.srv.LogEvents(&events)
		status, b := h.ops("PATCH", ordersAddresses, `{"routingAddressList":[{"address":"http://a","healthMonitoringEnabled":true},
			{"address":"http://b","addressType":"CANARY"}],"deploy":true,"deployTargetEnvironmentNameList":["test"]}`, "demo-token")
		h.srv.LogEvents(nil)
		if status != 200 || !strings.Contains(events.String(), "deployed ecommerce/orders-api to test "+want) {
			t.Errorf("%s: %d %s, events %q", name, status, b, events.String())
		}
	}
}
