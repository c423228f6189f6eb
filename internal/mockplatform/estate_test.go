package mockplatform

import (
	"net/url"
	"testing"
)

func TestEstate(t *testing.T) {
	srv := New(Config{FedMemberID: "t", Estate: &Estate{APIs: 200, Proxies: 60, Projects: 3}})
	apis := srv.APIs()
	if len(apis) != 200 {
		t.Fatalf("%d APIs, want 200", len(apis))
	}
	names := map[string]bool{}
	several := 0
	for _, a := range apis {
		if names[a.Name] {
			t.Fatalf("two APIs named %q", a.Name)
		}
		names[a.Name] = true
		if len(srv.APIVersions(a.APIID)) > 1 {
			several++
		}
	}
	if !names["acmepaymentscorp"] || !names["Orders API"] || !names["orders-api"] || several == 0 {
		t.Fatalf("the estate lacks the seed sample, the tricky names or APIs with several versions (%d)", several)
	}
	proxies := 0
	for _, p := range EstateProjects(3) {
		proxies += len(srv.ProxyNames(p))
	}
	if proxies != 60 {
		t.Fatalf("%d proxies, want 60", proxies)
	}
	h := newHarness(t, func(c *Config) { c.Estate = &Estate{Proxies: 6} })
	status, b := h.ops("GET", "/apiops/projects/"+url.PathEscape("R&D Ops #2")+"/apiProxies/", "", "demo-token")
	if status != 200 {
		t.Fatalf("listing an escaped project: %d %s", status, b)
	}
}
