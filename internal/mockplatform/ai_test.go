package mockplatform

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const assistant = "/apiops/projects/ecommerce/apiProxies/assistant/"

func withAIProxy(c *Config) {
	c.Projects[0].Proxies = append(c.Projects[0].Proxies, Proxy{Name: "assistant", APIType: "AI", Description: "LLM gateway",
		RoutingAddresses: []wire.RoutingAddress{{Address: "https://llm.internal/v1"}}})
	c.Tokens = append(c.Tokens, Token{Value: "reader"})
}

// Every variant refuses routing writes to an AI proxy in its own envelope
// and saves nothing; reads work.
func TestAIProxiesRefuseRoutingWrites(t *testing.T) {
	variants := map[string]func(*Config){
		"classic": func(*Config) {}, "newer": func(c *Config) { c.NewerManager = true }, "latest": latest,
	}
	writes := []struct{ name, method, path, body string }{
		{"addresses", "PATCH", assistant + "settings/addresses/", `{"routingAddressList":[{"address":"https://b.internal"}]}`},
		{"addresses, deploying", "PATCH", assistant + "settings/addresses/", `{"routingAddressList":[],"deploy":true,"deployTargetEnvironmentNameList":["production"]}`},
		{"addresses to an unknown environment", "PATCH", assistant + "settings/addresses/", `{"routingAddressList":[],"deploy":true,"deployTargetEnvironmentNameList":["prod"]}`},
		{"routing status", "PATCH", assistant + "settings/routing-status/", `{"routingEnabled":false}`},
	}
	for name, variant := range variants {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant, withAIProxy)
			for _, w := range writes {
				status, b := h.ops(w.method, w.path, w.body, "demo-token")
				var classic wire.OpsError
				var newer wire.OpsFailure
				_ = json.Unmarshal(b, &classic)
				_ = json.Unmarshal(b, &newer)
				ok := classic.Error == "bad_request" && classic.ErrorDescription == aiRoutingRefused
				if name != "classic" {
					ok = newer.Status == "FAILURE" && newer.ResultMessage == aiRoutingRefused
				}
				if status != 400 || !ok {
					t.Errorf("%s: %d %s, want 400 %q in the variant's envelope", w.name, status, b, aiRoutingRefused)
				}
			}
			if status, b := h.ops("PATCH", assistant+"settings/routing-status/", `{"routingEnabled":false}`, "reader"); status != 403 {
				t.Errorf("a reader's write: %d %s, want 403 before the type is looked at", status, b)
			}
			px, _ := h.srv.Proxy("ecommerce", "assistant")
			if len(px.Routing.RoutingAddressList) != 1 || !px.Routing.RoutingEnabled || h.srv.Deployments("ecommerce", "assistant", "production") != 0 {
				t.Fatalf("a refused write changed the AI proxy: %+v", px)
			}
			status, b := h.ops("GET", assistant, "", "demo-token")
			if status != 200 || !strings.Contains(string(b), `"apiType":"AI"`) || !strings.Contains(string(b), "llm.internal") {
				t.Fatalf("GET of an AI proxy: %d %s", status, b)
			}
			_, b = h.ops("GET", "/apiops/projects/ecommerce/apiProxies/", "", "demo-token")
			if !strings.Contains(string(b), `"type":"AI"`) {
				t.Fatalf("the proxies list: %s", b)
			}
		})
	}
}
