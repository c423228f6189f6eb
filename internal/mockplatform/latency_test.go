package mockplatform

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLatencyRules(t *testing.T) {
	srv := New(Config{Latency: []RouteLatency{{PathPrefix: "/", Delay: time.Second}, {Method: "post", PathPrefix: "/api/apis", Delay: 3 * time.Second}}})
	srv.SetLatency("", "/apiops/", 2*time.Second)
	srv.SetLatency("GET", "/apiops/", 0)
	srv.SetLatency("", "/api/apis/x", 4*time.Second)
	srv.SetLatency("", "/api/apis/x", 5*time.Second) // replaces the one before
	cases := []struct {
		method, path string
		want         time.Duration
	}{
		{"GET", "/api/login", time.Second},
		{"POST", "/api/apis", 3 * time.Second},
		{"POST", "/api/apis/api1.t/versions", 3 * time.Second},
		{"GET", "/api/apis", time.Second},
		{"PATCH", "/apiops/projects/", 2 * time.Second},
		{"GET", "/apiops/projects/", 0},
		{"POST", "/api/apis/x/versions", 5 * time.Second},
	}
	for _, tc := range cases {
		if got := srv.latencyFor(tc.method, tc.path); got != tc.want {
			t.Errorf("%s %s: %v, want %v", tc.method, tc.path, got, tc.want)
		}
	}
	srv.ClearLatency()
	if got := srv.latencyFor("POST", "/api/apis"); got != 0 {
		t.Errorf("after ClearLatency: %v", got)
	}
}

func TestLatencyInASeedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	seed := `{"fedMemberID":"t","latency":[{"method":"POST","pathPrefix":"/api/apis","delay":"3s"},{"pathPrefix":"/","delay":1000000}]}`
	if err := os.WriteFile(path, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil || len(cfg.Latency) != 2 || cfg.Latency[0] != (RouteLatency{Method: "POST", PathPrefix: "/api/apis", Delay: 3 * time.Second}) ||
		cfg.Latency[1].Delay != time.Millisecond {
		t.Fatalf("%+v %v", cfg.Latency, err)
	}
	b, _ := json.Marshal(cfg.Latency[0])
	if string(b) != `{"method":"POST","pathPrefix":"/api/apis","delay":"3s"}` {
		t.Fatalf("marshalled as %s", b)
	}
	for _, bad := range []string{`{"latency":[{"delay":"soon"}]}`, `{"latency":[{"delay":true}]}`, `{"latency":{}}`} {
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadConfig(path); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}

// A client that gives up on a slow route (a timeout, Ctrl-C) does not stop
// the request: the mock carries it out, and WaitIdle says when.
func TestSlowRouteFinishesAfterTheClientLeft(t *testing.T) {
	h := newHarness(t)
	h.login()
	api := h.createMinimal("existing")
	h.srv.SetLatency("POST", "/api/apis", 600*time.Millisecond)
	impatient := &http.Client{Timeout: 100 * time.Millisecond}
	started := time.Now()
	for _, req := range []struct{ path, body string }{
		{"/api/apis", `{"Name":"slow","APIVersion":{"Name":"1.0"}}`},
		{"/api/apis/" + api.APIID + "/versions", `{"Name":"2.0"}`},
	} {
		_, err := h.tryDo(impatient, http.MethodPost, req.path, []byte(req.body))
		var netErr net.Error
		if !errors.As(err, &netErr) || !netErr.Timeout() {
			t.Fatalf("POST %s: %v, want the client's timeout", req.path, err)
		}
	}
	if time.Since(started) > 500*time.Millisecond {
		t.Fatal("the client waited for the mock")
	}
	if n := len(h.srv.APIs()); n != 1 {
		t.Fatalf("%d APIs before the slow requests ended", n)
	}
	if h.srv.WaitIdle(10 * time.Millisecond) {
		t.Fatal("WaitIdle says idle while two requests wait out their latency")
	}
	if !h.srv.WaitIdle(5 * time.Second) {
		t.Fatal("the mock did not become idle")
	}
	apis := h.srv.APIs()
	if len(apis) != 2 || apis[1].Name != "slow" || len(h.srv.APIVersions(api.APIID)) != 2 {
		t.Fatalf("after the client left: %d APIs, %d versions of the first", len(apis), len(h.srv.APIVersions(api.APIID)))
	}
	reqs := h.srv.Requests()
	if last := reqs[len(reqs)-1]; last.Method != http.MethodPost || last.Status != http.StatusOK {
		t.Fatalf("the abandoned request was recorded as %+v", last)
	}
	// Other routes are not slowed down.
	start := time.Now()
	h.getAPI(api.APIID)
	if time.Since(start) > 300*time.Millisecond {
		t.Fatal("a GET waited out the POST latency")
	}
}
