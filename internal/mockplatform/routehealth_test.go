package mockplatform

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

func (h *harness) routeHealth(env string) wire.RouteHealth {
	h.t.Helper()
	status, b := h.ops("GET", ordersAPI+"environments/"+env+"/route-health/", "", "demo-token")
	var out wire.ResultList[wire.RouteHealth]
	if status != 200 || json.Unmarshal(b, &out) != nil || out.Status != "SUCCESS" || out.ResultCount != 1 || len(out.ResultList) != 1 {
		h.t.Fatalf("route-health %s: %d %s", env, status, b)
	}
	rh := out.ResultList[0]
	active := 0
	for _, p := range rh.Pods {
		if p.RouteActive {
			active++
		}
	}
	if len(rh.Pods) != rh.PodsResponded || active != rh.PodsActive || rh.RouteActive != (rh.PodsResponded > 0 && rh.PodsActive == rh.PodsResponded) {
		h.t.Fatalf("route-health %s does not add up: %+v", env, rh)
	}
	return rh
}

func (h *harness) deploy(env string) {
	h.t.Helper()
	if status, b := h.ops("POST", ordersAPI+"environments/"+env+"/", "", "demo-token"); status != 200 {
		h.t.Fatalf("deploy to %s: %d %s", env, status, b)
	}
}

func TestRouteHealthPickup(t *testing.T) {
	h := newHarness(t, latest)
	rh := h.routeHealth("production")
	if rh.RouteActive || rh.PodsActive != 0 || rh.PodsResponded != 3 || rh.ServedPath != "" ||
		rh.Pods[0].WorkerPodIP != "10.0.0.5" || rh.Pods[2].WorkerPodIP != "10.0.0.7" {
		t.Fatalf("not deployed: %+v", rh)
	}
	h.deploy("production")
	for poll, want := range []int{0, 1, 3, 3} {
		rh := h.routeHealth("production")
		if rh.PodsActive != want || rh.RouteActive != (want == 3) || rh.ServedPath != "/orders-api" {
			t.Fatalf("poll %d after deploying: %+v, want %d pods active", poll+1, rh, want)
		}
	}
	if rh := h.routeHealth("test"); rh.PodsActive != 0 || rh.RouteActive {
		t.Fatalf("an environment never deployed to serves the route: %+v", rh)
	}
	// A new deployment has to be picked up again.
	h.deploy("production")
	if rh := h.routeHealth("production"); rh.RouteActive {
		t.Fatalf("a redeployment is live at once: %+v", rh)
	}
	// Undeployed, no pod serves it.
	h.ops("DELETE", ordersAPI+"environments/production/", "", "demo-token")
	if rh := h.routeHealth("production"); rh.PodsActive != 0 || rh.ServedPath != "" {
		t.Fatalf("undeployed: %+v", rh)
	}
	if n := h.srv.RouteHealthPolls("ecommerce", "orders-api", "production"); n != 7 {
		t.Fatalf("%d polls of production counted, want 7", n)
	}
	if n := h.srv.RouteHealthPolls("ecommerce", "orders-api", "test"); n != 1 {
		t.Fatalf("%d polls of test counted, want 1", n)
	}
}

// RoutePickupPolls polls after a deployment find it not live everywhere,
// the pods picking it up one after another; the next finds it live.
func TestRoutePickupPollsAndPods(t *testing.T) {
	for _, tc := range []struct{ polls, pods, notLive int }{
		{0, 0, 2}, {1, 3, 1}, {2, 3, 2}, {4, 5, 4}, {3, 1, 3}, {5, 2, 5},
	} {
		h := newHarness(t, latest, func(c *Config) { c.RoutePickupPolls, c.GatewayPods = tc.polls, tc.pods })
		h.deploy("production")
		prev := 0
		for poll := 1; poll <= tc.notLive+2; poll++ {
			rh := h.routeHealth("production")
			if rh.PodsActive < prev || rh.RouteActive != (poll > tc.notLive) || (tc.pods > 0 && rh.PodsResponded != tc.pods) {
				t.Fatalf("%+v: poll %d answered %+v (before: %d active)", tc, poll, rh, prev)
			}
			prev = rh.PodsActive
		}
	}
}

func TestStalledRoutes(t *testing.T) {
	h := newHarness(t, latest)
	h.srv.StallRoutes("ecommerce", "production")
	h.deploy("production")
	h.deploy("test")
	for range 10 {
		if rh := h.routeHealth("production"); rh.PodsActive != 0 || rh.RouteActive || rh.PodsResponded != 3 {
			t.Fatalf("a stalled environment picked the route up: %+v", rh)
		}
	}
	for range 3 {
		h.routeHealth("test")
	}
	if rh := h.routeHealth("test"); !rh.RouteActive {
		t.Fatalf("stalling production stalled test: %+v", rh)
	}
	h.srv.ResumeRoutes("ecommerce", "production")
	if rh := h.routeHealth("production"); !rh.RouteActive {
		t.Fatalf("resumed after 10 polls, not live: %+v", rh)
	}

	never := newHarness(t, latest, func(c *Config) { c.RoutePickupPolls = -1 })
	never.deploy("production")
	for range 10 {
		if rh := never.routeHealth("production"); rh.PodsActive != 0 {
			t.Fatalf("RoutePickupPolls -1 picked the route up: %+v", rh)
		}
	}
	none := newHarness(t, latest, func(c *Config) { c.GatewayPods = -1 })
	none.deploy("production")
	if rh := none.routeHealth("production"); rh.PodsResponded != 0 || rh.RouteActive || len(rh.Pods) != 0 {
		t.Fatalf("no pods, yet: %+v", rh)
	}
}

func TestRouteHealthErrors(t *testing.T) {
	h := newHarness(t, latest)
	cases := []struct {
		name, method, path, token string
		want                      int
		message                   string
	}{
		{"unknown environment", "GET", ordersAPI + "environments/prod/route-health/", "demo-token", 400, "Environment (prod) is not found!"},
		{"unknown proxy", "GET", "/apiops/projects/ecommerce/apiProxies/nope/environments/test/route-health/", "demo-token", 400, "ApiProxy (name: nope) was not found!"},
		{"unknown project", "GET", "/apiops/projects/nope/apiProxies/orders-api/environments/test/route-health/", "demo-token", 400, "Project (nope) is not found!"},
		{"no token", "GET", ordersAPI + "environments/test/route-health/", "", 401, "Invalid token"},
		{"POST", "POST", ordersAPI + "environments/test/route-health/", "demo-token", 405, "not allowed"},
		{"no trailing slash", "GET", ordersAPI + "environments/test/route-health", "demo-token", 404, "No such endpoint"},
	}
	for _, tc := range cases {
		status, b := h.ops(tc.method, tc.path, "", tc.token)
		var e wire.OpsFailure
		if status != tc.want || json.Unmarshal(b, &e) != nil || e.Status != "FAILURE" || !strings.Contains(e.ResultMessage, tc.message) {
			t.Errorf("%s: %d %s, want %d FAILURE %q", tc.name, status, b, tc.want, tc.message)
		}
	}
	// Older managers have no such path: 404 in their own envelope, before
	// the token is looked at.
	for name, variant := range map[string]func(*Config){
		"classic": func(*Config) {}, "newer": func(c *Config) { c.NewerManager = true }, "patch only": func(c *Config) { c.PatchOnly = true },
	} {
		old := newHarness(t, variant)
		for _, token := range []string{"demo-token", ""} {
			status, b := old.ops("GET", ordersAPI+"environments/test/route-health/", "", token)
			if status != http.StatusNotFound || !strings.Contains(string(b), "No such endpoint") {
				t.Errorf("%s, token %q: %d %s, want 404", name, token, status, b)
			}
			if newerEnvelope := strings.Contains(string(b), `"status":"FAILURE"`); newerEnvelope != (name == "newer") {
				t.Errorf("%s: envelope %s", name, b)
			}
		}
		if n := old.srv.RouteHealthPolls("ecommerce", "orders-api", "test"); n != 0 {
			t.Errorf("%s counted %d polls", name, n)
		}
	}
	if stats := h.srv.Stats(); stats["GET /apiops/projects/{p}/apiProxies/{x}/environments/{env}/route-health/"] != 4 {
		t.Errorf("Stats: %v", stats)
	}
}

func TestConcurrentRouteHealth(t *testing.T) {
	h := newHarness(t, latest)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(3)
		go func() { defer wg.Done(); h.routeHealth("production") }()
		go func() { defer wg.Done(); h.deploy("production") }()
		go func() { defer wg.Done(); h.getOrders() }()
	}
	wg.Wait()
	if n := h.srv.RouteHealthPolls("ecommerce", "orders-api", "production"); n != 10 {
		t.Fatalf("%d polls counted, want 10", n)
	}
	for range 3 {
		h.routeHealth("production")
	}
	if rh := h.routeHealth("production"); !rh.RouteActive {
		t.Fatalf("not live after the deploys settled: %+v", rh)
	}
}
