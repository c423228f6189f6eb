package mockplatform

import (
	"net/url"
	"reflect"
	"slices"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
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
	withAI := New(Config{FedMemberID: "t", Estate: &Estate{Proxies: 6, AIProxies: 4}})
	var ai []string
	for _, p := range EstateProjects(3) {
		for _, name := range withAI.ProxyNames(p) {
			if px, _ := withAI.Proxy(p, name); px.APIType == "AI" {
				ai = append(ai, p+"/"+name)
			}
		}
	}
	if !reflect.DeepEqual(ai, []string{"shop/ai-0", "shop/ai-3", "R&D Ops #2/ai-1", "Zahlungsverkehr/ai-2"}) {
		t.Fatalf("AI proxies %q", ai)
	}
	h := newHarness(t, func(c *Config) { c.Estate = &Estate{Proxies: 6} })
	status, b := h.ops("GET", "/apiops/projects/"+url.PathEscape("R&D Ops #2")+"/apiProxies/", "", "demo-token")
	if status != 200 {
		t.Fatalf("listing an escaped project: %d %s", status, b)
	}
}

// A share of the estate's APIs has two, three or four versions, the latest
// always the one added last and keeping the API's shape; one set of names
// holds two that sanitise alike. The estate is the same every time.
func TestEstateVersions(t *testing.T) {
	cfg := Config{FedMemberID: "t", Estate: &Estate{APIs: 200}}
	srv := New(cfg)
	byCount := map[int]int{}
	alike := 0
	for _, a := range srv.APIs() {
		versions := srv.APIVersions(a.APIID)
		byCount[len(versions)]++
		last := versions[len(versions)-1]
		if a.LatestVersionID != last.APIVersionID || a.APIVersion.Name != last.Name {
			t.Fatalf("%s: latest %s, want the last added %s", a.Name, a.APIVersion.Name, last.Name)
		}
		names := make([]string, 0, len(versions))
		for _, v := range versions {
			names = append(names, v.Name)
		}
		if slices.Contains(names, "2.0") && slices.Contains(names, "2_0") {
			alike++
		}
		if !sameShape(versions[0], last) {
			t.Errorf("%s: the latest version lost the shape of the first: %+v", a.Name, last)
		}
	}
	if byCount[2] == 0 || byCount[3] == 0 || byCount[4] == 0 || alike == 0 || byCount[1] < 100 {
		t.Fatalf("APIs by version count %v, %d with 2.0 and 2_0", byCount, alike)
	}
	if a, b := estateIDs(New(cfg)), estateIDs(srv); !slices.Equal(a, b) {
		t.Fatal("two estates seeded alike differ")
	}
}

// estateIDs lists every API's ID and name, and its versions' IDs and names.
func estateIDs(srv *Server) []string {
	var out []string
	for _, a := range srv.APIs() {
		out = append(out, a.APIID, a.Name)
		for _, v := range srv.APIVersions(a.APIID) {
			out = append(out, v.APIVersionID, v.Name)
		}
	}
	return out
}

// sameShape compares what a version holds apart from its name, ID and dates.
func sameShape(a, b wire.APIVersion) bool {
	return reflect.DeepEqual(a.Endpoints, b.Endpoints) && reflect.DeepEqual(a.Operations, b.Operations) &&
		reflect.DeepEqual(a.Policies, b.Policies) && reflect.DeepEqual(a.TargetAPI, b.TargetAPI) && reflect.DeepEqual(a.Tag, b.Tag)
}
