package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repoModule is a module source in this repository, as the docs show it;
// the test points it at the work tree instead.
var repoModule = regexp.MustCompile(`source\s*=\s*"git::https://github\.com/apiplatform/terraform-provider-platform\.git//([^"?]+)[^"]*"`)

// supportsIdentity reports whether the CLI under test reads import blocks
// with identity (Terraform 1.12+, OpenTofu 1.12+).
func supportsIdentity(t *testing.T) bool { return cliAtLeast(t, 12) }

// Every example folder, import blocks included, is a valid configuration
// for the provider as built; the folders with list blocks or actions need
// Terraform 1.14, and TestE2E_TF114_examplesValidate validates them.
// Registry examples leave out required_providers, so it is added when absent.
func TestExamplesValidate(t *testing.T) {
	p := newPlatform(t)
	dirs := exampleDirs(t)
	if len(dirs) < 6 {
		t.Fatalf("found only %d example folders", len(dirs))
	}
	identity := supportsIdentity(t)
	for _, src := range dirs {
		if needs114(t, src) {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(src, "*.tf"))
		// An import block by ID and one by identity are alternatives for the
		// same resource: each is validated with the rest of the folder.
		byID := slices.DeleteFunc(slices.Clone(files), isIdentityExample)
		byIdentity := slices.DeleteFunc(slices.Clone(files), func(f string) bool { return strings.HasSuffix(f, "-string-id.tf") })
		t.Run(strings.TrimPrefix(src, "../../"), func(t *testing.T) { validateExample(t, p, src, byID) })
		if identity && len(byIdentity) < len(files) {
			t.Run(strings.TrimPrefix(src, "../../")+"/with-identity", func(t *testing.T) { validateExample(t, p, src, byIdentity) })
		}
	}
}

// The example folders with list blocks (.tfquery.hcl) or actions validate
// with Terraform 1.14, query files included.
func TestE2E_TF114_examplesValidate(t *testing.T) {
	p := newPlatform(t)
	skipBelow114(t)
	n := 0
	for _, src := range exampleDirs(t) {
		if !needs114(t, src) {
			continue
		}
		n++
		files, _ := filepath.Glob(filepath.Join(src, "*.tf"))
		t.Run(strings.TrimPrefix(src, "../../"), func(t *testing.T) { validateExample(t, p, src, files, "-query") })
	}
	if n < 6 {
		t.Fatalf("found only %d example folders for Terraform 1.14", n)
	}
}

// exampleDirs are the folders of examples/ holding configuration.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	_ = filepath.WalkDir("../../examples", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfquery.hcl")) {
			if dir := filepath.Dir(path); len(dirs) == 0 || dirs[len(dirs)-1] != dir {
				dirs = append(dirs, dir)
			}
		}
		return nil
	})
	return dirs
}

var blocks114 = regexp.MustCompile(`(?m)^(action|list) "`)

// needs114 reports whether an example folder has list blocks or actions,
// which Terraform before 1.14 does not know.
func needs114(t *testing.T, dir string) bool {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".tfquery.hcl") || blocks114.Match(b) {
			return true
		}
	}
	return false
}

// isIdentityExample is an import block with identity, which needs Terraform
// 1.12+ or OpenTofu 1.12.
func isIdentityExample(f string) bool { return strings.HasSuffix(f, "-identity.tf") }

// validateExample validates files of folder src together in a fresh
// directory, with the folder's other files (query files included).
func validateExample(t *testing.T, p *platform, src string, files []string, args ...string) {
	t.Helper()
	dir := t.TempDir()
	declared, modules := false, false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		declared = declared || strings.Contains(string(b), "required_providers")
		modules = modules || repoModule.Match(b)
		b = repoModule.ReplaceAll(b, []byte(`source = "`+repoRoot(t)+`/$1"`))
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	copyOtherFiles(t, src, dir)
	if !declared {
		_ = os.WriteFile(filepath.Join(dir, "versions.tf"), []byte(requiredProviders), 0o600)
	}
	if modules {
		p.mustTerraform(t, dir, "get")
	}
	p.mustTerraform(t, dir, append([]string{"validate"}, args...)...)
}

// copyOtherFiles copies the files of an example folder that are not
// configuration, such as the OpenAPI document a configuration reads.
func copyOtherFiles(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".tf") {
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
