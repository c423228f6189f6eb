package mockplatform

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const ordersAPI = "/apiops/projects/ecommerce/apiProxies/orders-api/"

func (h *harness) ops(method, path, body, token string) (int, []byte) {
	h.t.Helper()
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	status, out, _ := h.do(method, path, b, map[string]string{"Authorization": "Bearer " + token})
	return status, out
}

func (h *harness) deployStatus(env string) wire.DeployStatus {
	h.t.Helper()
	status, b := h.ops("GET", ordersAPI+"environments/"+env+"/deploy-status/", "", "demo-token")
	var out wire.ResultList[wire.DeployStatus]
	if status != 200 || json.Unmarshal(b, &out) != nil || len(out.ResultList) != 1 {
		h.t.Fatalf("deploy-status %s: %d %s", env, status, b)
	}
	return out.ResultList[0]
}

func TestDeployOnWriteAndRevisions(t *testing.T) {
	h := newHarness(t)
	if st := h.deployStatus("production"); st.Deployed || st.RedeployRequired {
		t.Fatalf("before any deployment: %+v", st)
	}
	status, b := h.ops("PUT", ordersAPI+"settings/addresses/",
		`{"routingAddressList":[{"address":"http://a"}],"deploy":true,"deployTargetEnvironmentNameList":["production"]}`, "demo-token")
	var res wire.SettingsResult
	if status != 200 || json.Unmarshal(b, &res) != nil || res.DeploymentResult == nil || !res.DeploymentResult.Success ||
		len(res.DeploymentResult.DeploymentResults) != 1 || res.DeploymentResult.DeploymentResults[0].EnvironmentName != "production" {
		t.Fatalf("deploying write: %d %s", status, b)
	}
	first := h.deployStatus("production")
	if !first.Deployed || first.RedeployRequired || first.LastDeployTime == "" {
		t.Fatalf("after deploying: %+v", first)
	}
	// The same list again changes nothing; another list makes the deployment stale.
	h.ops("PUT", ordersAPI+"settings/addresses/", `{"routingAddressList":[{"address":"http://a"}]}`, "demo-token")
	if st := h.deployStatus("production"); st.RedeployRequired {
		t.Fatalf("an identical save made the deployment stale: %+v", st)
	}
	h.ops("PATCH", ordersAPI+"settings/routing-status/", `{"routingEnabled":false}`, "demo-token")
	if st := h.deployStatus("production"); !st.RedeployRequired {
		t.Fatalf("routing switched off, deployment not stale: %+v", st)
	}
	if px, _ := h.srv.Proxy("ecommerce", "orders-api"); px.Routing.RoutingEnabled {
		t.Fatal("routing-status PATCH did not switch routing off")
	}
	// An explicit deployment makes it live again, with a newer revision.
	if status, b := h.ops("POST", ordersAPI+"environments/production/", "", "demo-token"); status != 200 {
		t.Fatalf("deploy: %d %s", status, b)
	}
	if st := h.deployStatus("production"); st.RedeployRequired || st.Revision <= first.Revision {
		t.Fatalf("after redeploying: %+v (first %+v)", st, first)
	}
	if n := h.srv.Deployments("ecommerce", "orders-api", "production"); n != 2 {
		t.Fatalf("%d deployments, want 2", n)
	}
	if status, _ := h.ops("DELETE", ordersAPI+"environments/production/", "", "demo-token"); status != 200 {
		t.Fatalf("undeploy: %d", status)
	}
	if st := h.deployStatus("production"); st.Deployed {
		t.Fatalf("after undeploying: %+v", st)
	}
}

func TestDeployErrors(t *testing.T) {
	for _, newer := range []bool{false, true} {
		h := newHarness(t, func(c *Config) {
			c.NewerManager = newer
			c.Tokens = append(c.Tokens, Token{Value: "reader"})
		})
		notFound := http.StatusNotFound
		if newer {
			notFound = http.StatusBadRequest
		}
		cases := []struct {
			name, method, path, body, token string
			want                            int
			message                         string
		}{
			{"unknown environment in a write", "PUT", ordersAPI + "settings/addresses/",
				`{"routingAddressList":[{"address":"http://b"}],"deploy":true,"deployTargetEnvironmentNameList":["prod"]}`, "demo-token", 400, "Environment (prod) is not found!"},
			{"deploy without environments", "PUT", ordersAPI + "settings/addresses/",
				`{"routingAddressList":[],"deploy":true}`, "demo-token", 400, "deployTargetEnvironmentNameList"},
			{"routingEnabled not a bool", "PATCH", ordersAPI + "settings/routing-status/", `{"routingEnabled":"no"}`, "demo-token", 400, ""},
			{"routing status without permission", "PATCH", ordersAPI + "settings/routing-status/", `{"routingEnabled":false}`, "reader", 403, "permission"},
			{"deploy without permission", "POST", ordersAPI + "environments/production/", "", "reader", 403, "permission"},
			{"status of an unknown environment", "GET", ordersAPI + "environments/prod/deploy-status/", "", "demo-token", notFound, "Environment (prod) is not found!"},
			{"deploy to an unknown environment", "POST", ordersAPI + "environments/prod/", "", "demo-token", notFound, "not found"},
			{"PUT on routing status", "PUT", ordersAPI + "settings/routing-status/", `{}`, "demo-token", 405, ""},
			{"proxies of an unknown project", "GET", "/apiops/projects/nope/apiProxies/", "", "demo-token", notFound, "Project (nope) is not found!"},
		}
		for _, tc := range cases {
			status, b := h.ops(tc.method, tc.path, tc.body, tc.token)
			if status != tc.want || !strings.Contains(string(b), tc.message) {
				t.Errorf("newer=%v %s: %d %s, want %d with %q", newer, tc.name, status, b, tc.want, tc.message)
			}
		}
		if px, _ := h.srv.Proxy("ecommerce", "orders-api"); len(px.Routing.RoutingAddressList) != 0 {
			t.Errorf("newer=%v: a refused write saved %+v", newer, px.Routing.RoutingAddressList)
		}
	}
}

func TestInjectedDeploymentFailure(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.LatestManager = true })
	h.srv.FailDeployments("ecommerce", "production", "Gateway pods unreachable", 1)
	status, b := h.ops("PATCH", ordersAPI+"settings/addresses/",
		`{"routingAddressList":[{"address":"http://a"}],"deploy":true,"deployTargetEnvironmentNameList":["production","test"]}`, "demo-token")
	var res wire.SettingsResult
	if status != 200 || json.Unmarshal(b, &res) != nil || res.Status != "SUCCESS" || res.DeploymentResult == nil || res.DeploymentResult.Success {
		t.Fatalf("write: %d %s", status, b)
	}
	got := res.DeploymentResult.DeploymentResults
	if len(got) != 2 || got[0].Success || got[0].Message != "Gateway pods unreachable" || !got[1].Success {
		t.Fatalf("per-environment results %+v", got)
	}
	if px, _ := h.srv.Proxy("ecommerce", "orders-api"); len(px.Routing.RoutingAddressList) != 1 {
		t.Fatal("a failed deployment undid the save")
	}
	if st := h.deployStatus("production"); st.Deployed {
		t.Fatalf("failed environment shows as deployed: %+v", st)
	}
}

func TestLatestManagerAnswers(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.LatestManager = true })
	if status, _ := h.ops("PUT", "/apiops/projects/ecommerce/apiProxies/billing-soap/settings/addresses/", `{"routingAddressList":[]}`, "demo-token"); status != 405 {
		t.Fatalf("PUT answered %d, want 405", status)
	}
	status, b := h.ops("PATCH", "/apiops/projects/ecommerce/apiProxies/billing-soap/settings/addresses/",
		`{"routingAddressList":[{"address":"http://a","soapType":"SOAP12"}]}`, "demo-token")
	if status != 200 || !strings.Contains(string(b), `"status":"SUCCESS"`) {
		t.Fatalf("PATCH: %d %s", status, b)
	}
	_, b = h.ops("GET", "/apiops/projects/ecommerce/apiProxies/billing-soap/", "", "demo-token")
	if strings.Contains(string(b), "soapType") || !strings.Contains(string(b), "healthMonitoringEnabled") || !strings.Contains(string(b), `"resultList"`) {
		t.Fatalf("GET: %s", b)
	}
	if px, _ := h.srv.Proxy("ecommerce", "billing-soap"); px.Routing.RoutingAddressList[0].SoapType != "SOAP12" {
		t.Fatal("the soapType sent was not stored")
	}
}

func TestListProjectsAndProxies(t *testing.T) {
	for _, newer := range []bool{false, true} {
		h := newHarness(t, func(c *Config) { c.NewerManager = newer })
		_, b := h.ops("GET", "/apiops/projects/", "", "demo-token")
		var projects wire.ResultList[wire.Project]
		if err := json.Unmarshal(b, &projects); err != nil || len(projects.ResultList) != 1 || projects.ResultList[0].Name != "ecommerce" {
			t.Fatalf("projects: %s", b)
		}
		_, b = h.ops("GET", "/apiops/projects/ecommerce/apiProxies/", "", "demo-token")
		var proxies wire.ResultList[wire.ProxyListItem]
		if err := json.Unmarshal(b, &proxies); err != nil || proxies.ResultCount != 2 ||
			proxies.ResultList[0].Name != "billing-soap" || proxies.ResultList[0].Type != "SOAP" || proxies.ResultList[1].Name != "orders-api" {
			t.Fatalf("proxies (sorted by name): %s", b)
		}
		if newer != (projects.Status == "SUCCESS") || newer == (projects.Success != nil) {
			t.Fatalf("newer=%v: envelope %s", newer, b)
		}
	}
}

func TestConcurrentDeployments(t *testing.T) {
	h := newHarness(t)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			h.ops("POST", ordersAPI+"environments/production/", "", "demo-token")
		}()
		go func() {
			defer wg.Done()
			h.ops("PATCH", ordersAPI+"settings/routing-status/", `{"routingEnabled":true,"deploy":true,"deployTargetEnvironmentNameList":["test"]}`, "demo-token")
		}()
	}
	wg.Wait()
	if n := h.srv.Deployments("ecommerce", "orders-api", "production") + h.srv.Deployments("ecommerce", "orders-api", "test"); n != 40 {
		t.Fatalf("%d deployments, want 40", n)
	}
}

// An explicit deployment and undeployment answer in one form on every
// release (wire/PROTOCOL.md §2.6): the settings-write form of the current
// release (§2.1) is for settings writes only.
func TestDeployAnswersOnEveryRelease(t *testing.T) {
	for name, variant := range variants {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant)
			status, b := h.ops("POST", ordersAPI+"environments/production/", "", "demo-token")
			want := `{"deploymentResult":{"success":true,"deploymentResults":[{"environmentName":"production","success":true}]},"success":true}`
			var got, wantAnswer map[string]any
			_ = json.Unmarshal([]byte(want), &wantAnswer)
			if status != 200 || json.Unmarshal(b, &got) != nil || !reflect.DeepEqual(got, wantAnswer) {
				t.Errorf("deploy: %d %s, want %s", status, b, want)
			}
			status, b = h.ops("DELETE", ordersAPI+"environments/production/", "", "demo-token")
			if status != 200 || strings.TrimSpace(string(b)) != `{"success":true}` {
				t.Errorf("undeploy: %d %s, want {\"success\":true}", status, b)
			}
		})
	}
}
