package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyOtherFiles copies the files of an example folder that are not
// configuration (.tf, .tfquery.hcl), such as the OpenAPI document a
// configuration reads.
func copyOtherFiles(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".tfquery.hcl") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// The reusable module, used with for_each over a map of APIs, applies
// against the platform, plans clean, and destroys.
func TestModuleAPIWithRouting(t *testing.T) {
	p := newPlatform(t, withProxies(2))
	abs, err := filepath.Abs("../../examples/modules/api-with-routing")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := `
provider "platform" {}

module "shop" {
  source       = "` + abs + `"
  project_name = "ecommerce"
  apis = {
    orders = {
      description = "Orders"
      proxy_name  = "p-0"
      proxy_url   = "https://orders.broker.example.com/v1"
      tags        = ["shop"]
      backends = [
        { url = "https://orders-1.internal/v1", weight = 3 },
        { url = "https://orders-2.internal/v1" },
      ]
    }
    billing = {
      visibility = "Public"
      proxy_name = "p-1"
      proxy_url  = "https://billing.broker.example.com/v1"
      backends   = [{ url = "https://billing.internal/v1" }]
    }
  }
}

output "endpoints" {
  value = module.shop.production_endpoints
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(requiredProviders+cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	p.mustTerraform(t, dir, "get")
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	if n := len(p.APIs()); n != 2 {
		t.Fatalf("the platform holds %d APIs, want 2", n)
	}
	px, _ := p.Proxy("ecommerce", "p-0")
	if len(px.Routing.RoutingAddressList) != 2 || px.Routing.RoutingAddressList[0].Weight != 3 {
		t.Fatalf("proxy p-0 routes to %+v", px.Routing.RoutingAddressList)
	}
	out := p.mustTerraform(t, dir, "output", "-json", "endpoints")
	if !strings.Contains(out, "https://orders.broker.example.com/v1") {
		t.Fatalf("output endpoints = %s", out)
	}
	if code, out := p.terraform(t, dir, nil, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after apply exited %d:\n%s", code, out)
	}
	p.mustTerraform(t, dir, "destroy", "-auto-approve", "-input=false")
	if n := len(p.APIs()); n != 0 {
		t.Fatalf("%d APIs left after destroy", n)
	}
}

// The module's variable validations stop a bad map before any request.
func TestModuleRejectsBadInput(t *testing.T) {
	p := newPlatform(t)
	abs, _ := filepath.Abs("../../examples/modules/api-with-routing")
	dir := t.TempDir()
	cfg := requiredProviders + `
provider "platform" {}
module "shop" {
  source       = "` + abs + `"
  project_name = "ecommerce"
  apis = {
    orders = { proxy_name = "p-0", proxy_url = "https://o.example.com", backends = [{ url = "orders.internal", weight = 0 }] }
  }
}
`
	_ = os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600)
	p.mustTerraform(t, dir, "get")
	code, out := p.terraform(t, dir, nil, "plan", "-input=false")
	if code == 0 || !strings.Contains(out, "absolute http(s) URL and each weight at least 1") {
		t.Fatalf("plan exited %d; want the module's validation error:\n%s", code, out)
	}
	if n := len(p.Requests()); n != 0 {
		t.Fatalf("%d requests reached the platform", n)
	}
}
