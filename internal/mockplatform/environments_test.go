package mockplatform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// variants are the three manager releases, by name.
var variants = map[string]func(*Config){
	"classic": func(*Config) {},
	"newer":   func(c *Config) { c.NewerManager = true },
	"latest":  latest,
}

const environmentsPath = "/apiops/projects/ecommerce/environments/"

// withEnvironments gives the demo project a described environment beside
// the two named ones, and tokens of a member without MANAGE and of a
// user of another project only.
func withEnvironments(c *Config) {
	c.Projects[0].EnvironmentDetails = []Environment{{Name: "partner-sandbox", Type: "SANDBOX",
		AccessURL: "https://sandbox.partners.example.com", Description: "For partners", Status: "UNPUBLISHED"}}
	c.Tokens = append(c.Tokens, Token{Value: "reader"}, Token{Value: "outsider", Projects: []string{"other"}})
}

// Every release lists the environments in its own form (wire/PROTOCOL.md
// §2.8); a missing project and one the user is no member of are alike.
func TestEnvironmentsPerRelease(t *testing.T) {
	for name, variant := range variants {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant, withEnvironments)
			for _, token := range []string{"demo-token", "reader"} {
				status, b := h.ops("GET", environmentsPath, "", token)
				var env map[string]any
				if status != 200 || json.Unmarshal(b, &env) != nil {
					t.Fatalf("%s: %d %s", token, status, b)
				}
				list, _ := env["resultList"].([]any)
				if len(list) != 3 || env["resultCount"] != float64(3) {
					t.Fatalf("%s: %s", token, b)
				}
				if name == "latest" {
					checkLatestEnvironments(t, env, list)
				} else {
					checkOlderEnvironments(t, env, list)
				}
			}
			for _, tc := range []struct{ path, token string }{
				{"/apiops/projects/nope/environments/", "demo-token"},
				{environmentsPath, "outsider"},
			} {
				status, b := h.ops("GET", tc.path, "", tc.token)
				msg := errorMessage(t, name, b)
				wantStatus := 404
				if name != "classic" {
					wantStatus = 400
				}
				if status != wantStatus || !strings.HasSuffix(msg, "is not found or user does not have privilege to access it!") {
					t.Errorf("%s as %s: %d %s", tc.path, tc.token, status, b)
				}
			}
			if status, _ := h.ops("GET", environmentsPath, "", ""); status != 401 {
				t.Errorf("no token: %d", status)
			}
			if status, _ := h.ops("POST", environmentsPath, `{}`, "demo-token"); status != 405 {
				t.Errorf("POST: %d", status)
			}
		})
	}
}

func checkLatestEnvironments(t *testing.T, env map[string]any, list []any) {
	t.Helper()
	if env["status"] != "SUCCESS" || env["success"] != nil {
		t.Fatalf("envelope %v", env)
	}
	want := []map[string]any{
		{"name": "test", "description": "Test environment", "type": "TEST", "accessUrl": "https://test.gateway.example.com", "status": "PUBLISHED"},
		{"name": "production", "description": "Production environment", "type": "PRODUCTION", "accessUrl": "https://production.gateway.example.com", "status": "PUBLISHED"},
		{"name": "partner-sandbox", "description": "For partners", "type": "SANDBOX", "accessUrl": "https://sandbox.partners.example.com", "status": "UNPUBLISHED"},
	}
	for i, item := range list {
		got := item.(map[string]any)
		id, _ := got["id"].(string)
		if len(id) != 24 {
			t.Errorf("environment %d: id %q", i, got["id"])
		}
		for _, null := range []string{"deployed", "redeployRequired"} {
			if v, ok := got[null]; !ok || v != nil {
				t.Errorf("environment %d: %s is %v, want present and null", i, null, v)
			}
		}
		delete(got, "id")
		delete(got, "deployed")
		delete(got, "redeployRequired")
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("environment %d: %v, want %v", i, got, want[i])
		}
	}
}

func checkOlderEnvironments(t *testing.T, env map[string]any, list []any) {
	t.Helper()
	if env["success"] != true || env["status"] != nil {
		t.Fatalf("envelope %v", env)
	}
	want := []map[string]any{
		{"environmentName": "test", "description": "Test environment"},
		{"environmentName": "production", "description": "Production environment"},
		{"environmentName": "partner-sandbox", "description": "For partners"},
	}
	for i, item := range list {
		if !reflect.DeepEqual(item, want[i]) {
			t.Errorf("environment %d: %v, want %v: older managers say nothing else", i, item, want[i])
		}
	}
}

// errorMessage reads the message of the variant's error envelope.
func errorMessage(t *testing.T, variant string, b []byte) string {
	t.Helper()
	var classic struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	var newer struct {
		Status        string `json:"status"`
		ResultMessage string `json:"resultMessage"`
	}
	if variant == "classic" {
		if json.Unmarshal(b, &classic) != nil || classic.Error == "" {
			t.Errorf("not the classic error envelope: %s", b)
		}
		return classic.ErrorDescription
	}
	if json.Unmarshal(b, &newer) != nil || newer.Status != "FAILURE" {
		t.Errorf("not the newer error envelope: %s", b)
	}
	return newer.ResultMessage
}

// A seed file gives environments as names or objects; what it writes it
// reads back.
func TestEnvironmentsInASeedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "seed.json")
	seed := `{"fedMemberID": "t", "projects": [{"name": "p", "proxies": [], "environments":
	  ["test", {"name": "production", "type": "PRODUCTION", "accessUrl": "https://gw.example.com", "description": "Live"}, {"name": "qa"}]}]}`
	if err := os.WriteFile(path, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	p := cfg.Projects[0]
	wantDetails := []Environment{{Name: "production", Type: "PRODUCTION", AccessURL: "https://gw.example.com", Description: "Live"}}
	if !reflect.DeepEqual(p.Environments, []string{"test", "production", "qa"}) || !reflect.DeepEqual(p.EnvironmentDetails, wantDetails) {
		t.Fatalf("read %+v", p)
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var again Config
	if err := json.Unmarshal(b, &again); err != nil || !reflect.DeepEqual(again.Projects, cfg.Projects) {
		t.Fatalf("round trip: %s, %v", b, err)
	}
	if !strings.Contains(string(b), `"environments":["test",{"name":"production"`) {
		t.Errorf("written as %s: a name alone stays a name", b)
	}
	got := New(cfg).Environments("p")
	if len(got) != 3 || got[1].AccessURL != "https://gw.example.com" || got[1].Status != "PUBLISHED" || got[2].Type != "TEST" || got[2].Description != "Qa environment" {
		t.Errorf("served %+v", got)
	}
	for _, bad := range []string{
		`{"projects": [{"name": "p", "environments": [{"name": "x", "type": "STAGING"}]}]}`,
		`{"projects": [{"name": "p", "environments": [{"name": "x", "status": "LIVE"}]}]}`,
		`{"projects": [{"name": "p", "environments": [{"name": "x", "url": "https://x"}]}]}`,
		`{"projects": [{"name": "p", "environments": [{"type": "TEST"}]}]}`,
		`{"projects": [{"name": "p", "environments": ["x", {"name": "x"}]}]}`,
		`{"projects": [{"name": "p", "environments": [3]}]}`,
	} {
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadConfig(path); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}

// The defaults a name gives, the ID stable for a project and name.
func TestEnvironmentDefaults(t *testing.T) {
	for _, tc := range []struct{ name, typ, url string }{
		{"prod-eu", "PRODUCTION", "https://prod-eu.gateway.example.com"},
		{"Partner Sandbox", "SANDBOX", "https://partner-sandbox.gateway.example.com"},
		{"日本", "TEST", "https://env.gateway.example.com"},
	} {
		e := Environment{Name: tc.name}.withDefaults("p")
		if e.Type != tc.typ || e.AccessURL != tc.url || e.Status != "PUBLISHED" {
			t.Errorf("%q: %+v", tc.name, e)
		}
		if e.ID != (Environment{Name: tc.name}.withDefaults("p")).ID || e.ID == (Environment{Name: tc.name}.withDefaults("q")).ID {
			t.Errorf("%q: the ID is not stable per project and name", tc.name)
		}
	}
}

// Every read of a project needs a permission in it (wire/PROTOCOL.md
// §2.4): to a user of other projects it is not found, as §2.8's list is,
// and a member without MANAGE reads it.
func TestReadsNeedMembership(t *testing.T) {
	for name, variant := range variants {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant, withEnvironments)
			reads := []string{"/apiops/projects/ecommerce/apiProxies/", ordersAPI, ordersAPI + "environments/test/deploy-status/",
				"/apiops/projects/ecommerce/apiProxies/no-such-proxy/"}
			if name == "latest" {
				reads = append(reads, ordersAPI+"environments/test/route-health/")
			}
			wantStatus := map[string]int{"classic": 404, "newer": 400, "latest": 400}[name]
			for _, path := range reads {
				status, b := h.ops("GET", path, "", "outsider")
				if msg := errorMessage(t, name, b); status != wantStatus || msg != projectNotVisible("ecommerce") {
					t.Errorf("%s as outsider: %d %s", path, status, b)
				}
				if status, b := h.ops("GET", path, "", "reader"); status != 200 && !strings.Contains(path, "no-such-proxy") {
					t.Errorf("%s as reader: %d %s", path, status, b)
				}
			}
		})
	}
}
