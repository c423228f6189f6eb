package mockplatform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The seed file the docs point at is the platform make mock serves: the
// demo platform on the current release.
func TestDemoSeedFileIsDemoConfig(t *testing.T) {
	got, err := LoadConfig("../../examples/mock/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	want := DemoConfig()
	want.LatestManager = true
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Fatalf("examples/mock/seed.json is not DemoConfig() with latestManager: change both.\nseed file:\n%s\nDemoConfig:\n%s", g, w)
	}
}

// The seeded catalog is served as created APIs are: the IDs the seed
// gives, the versions oldest first with the last one the latest.
func TestSeededCatalog(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.APIs = DemoConfig().APIs })
	apis := h.srv.APIs()
	if len(apis) != 1 || apis[0].APIID != "api18969.acmepaymentscorp" || apis[0].Name != "ledger" {
		t.Fatalf("catalog = %+v", apis)
	}
	vs := h.srv.APIVersions("api18969.acmepaymentscorp")
	if len(vs) != 2 || vs[1].Name != "2.0" || apis[0].LatestVersionID != vs[1].APIVersionID ||
		vs[1].APIVersionID != "6f1c2a7e-0b7d-4f2e-9a51-3c8d5e0f1a2b.acmepaymentscorp" || vs[0].APIID != apis[0].APIID {
		t.Fatalf("versions = %+v", vs)
	}
	// An API created next gets the next ID as before, not the seed's.
	h.login()
	if api := h.createMinimal("fresh"); !strings.HasPrefix(api.APIID, "api10001.") {
		t.Fatalf("created %s", api.APIID)
	}
}

// A seed that the mock could not serve is refused with what is wrong.
func TestLoadConfigRefusesBadCatalog(t *testing.T) {
	for seed, want := range map[string]string{
		`{"fedMemberID":"t","apis":[{"name":"a"}]}`:                                             "needs at least one version",
		`{"fedMemberID":"t","apis":[{"name":"","versions":[{"Name":"1"}]}]}`:                    "needs a name",
		`{"fedMemberID":"t","apis":[{"id":"api1.other","name":"a","versions":[{"Name":"1"}]}]}`: "must end with the tenant",
		`{"fedMemberID":"t","apis":[{"name":"a","versions":[{"Name":""}]}]}`:                    "every version needs a Name",
		`{"fedMemberID":"t","proxys":[]}`:                                                       "unknown field",
	} {
		path := filepath.Join(t.TempDir(), "seed.json")
		if err := os.WriteFile(path, []byte(seed), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", seed, err, want)
		}
	}
}

// testConfig is the platform the mock's own tests count against: the
// ecommerce project with orders-api and billing-soap, and no API.
func testConfig() Config {
	cfg := DemoConfig()
	cfg.APIs = nil
	cfg.Projects = cfg.Projects[:1]
	cfg.Projects[0].Proxies = cfg.Projects[0].Proxies[:2]
	cfg.Projects[0].Proxies[0].RoutingAddresses = nil
	return cfg
}
