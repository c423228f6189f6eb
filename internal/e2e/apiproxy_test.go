package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const specFilePath = "/apiops/projects/ecommerce/apiProxies/file/"

// latest is the routing vendor's current release, with route-health.
func latest(c *mockplatform.Config) { c.LatestManager = true }

// One call of examples/modules/api-from-openapi takes an API from its
// document to live traffic in one apply (catalog entry, proxy, routing,
// deployment, the wait for live routes), and plans clean; a new document
// plans the added operation on both the catalog entry and the proxy,
// re-parses and deploys again; destroy deletes the proxy.
func TestE2E_apiFromDocumentToLiveTraffic(t *testing.T) {
	p := newPlatform(t, latest)
	if !cliAtLeast(t, 8) {
		t.Skip("the module calls a provider function, which needs Terraform 1.8 or later")
	}
	module, err := filepath.Abs("../../examples/modules/api-from-openapi")
	if err != nil {
		t.Fatal(err)
	}
	v1, err := os.ReadFile(filepath.Join(module, "example/openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := os.ReadFile(filepath.Join(module, "tests/openapi-v2.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := workdir(t, `
module "orders" {
  source        = "`+module+`"
  document_path = "${path.module}/openapi.yaml"
  endpoints     = [{ category = "Production", uri = "https://orders.broker.example.com/v2" }]
  proxy = {
    project_name        = "ecommerce"
    name                = "partner-orders"
    relative_paths      = ["/partner-orders"]
    backends            = [{ address = "https://orders-1.internal/v1" }, { address = "https://orders-2.internal/v1" }]
    deploy_environments = ["test"]
  }
}
`)
	writeFile(t, filepath.Join(dir, "openapi.yaml"), string(v1))
	p.mustTerraform(t, dir, "get")
	p.ResetRequests()
	out := p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "3 added, 0 changed, 0 destroyed") {
		t.Fatalf("the apply did not make the API, the proxy and its routing:\n%s", tail(out))
	}
	t.Logf("first apply: %s", requestSummary(p))
	px, ok := p.Proxy("ecommerce", "partner-orders")
	if !ok || len(px.EndpointList) != 4 || len(px.Routing.RoutingAddressList) != 2 {
		t.Fatalf("the platform holds %+v", px)
	}
	if deployed, stale := p.DeployState("ecommerce", "partner-orders", "test"); !deployed || stale {
		t.Fatalf("in test: deployed %v, redeploy required %v", deployed, stale)
	}
	if p.RouteHealthPolls("ecommerce", "partner-orders", "test") == 0 {
		t.Fatal("the apply did not wait for live routes")
	}
	if code, out := p.terraform(t, dir, nil, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after the apply exited %d:\n%s", code, tail(out))
	}

	writeFile(t, filepath.Join(dir, "openapi.yaml"), string(v2))
	out = p.mustTerraform(t, dir, "plan", "-input=false", "-no-color")
	for _, want := range []string{`+ "GET /orders/{orderId}/shipments"`, "listShipments", "Plan: 0 to add, 2 to change, 0 to destroy."} {
		if !strings.Contains(out, want) {
			t.Fatalf("the plan of a new document does not show %q:\n%s", want, out)
		}
	}
	p.ResetRequests()
	deploysBefore := p.Deployments("ecommerce", "partner-orders", "test")
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	t.Logf("apply of a new document: %s", requestSummary(p))
	if n := p.CountRequests(http.MethodPut, specFilePath); n != 1 {
		t.Fatalf("%d re-parses, want 1", n)
	}
	px, _ = p.Proxy("ecommerce", "partner-orders")
	if len(px.EndpointList) != 5 || len(px.Routing.RoutingAddressList) != 2 || p.Deployments("ecommerce", "partner-orders", "test") != deploysBefore+1 {
		t.Fatalf("after the re-parse the platform holds %+v, deployed %d times", px, p.Deployments("ecommerce", "partner-orders", "test"))
	}
	if deployed, stale := p.DeployState("ecommerce", "partner-orders", "test"); !deployed || stale {
		t.Fatalf("in test after the re-parse: deployed %v, redeploy required %v", deployed, stale)
	}
	if code, out := p.terraform(t, dir, nil, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after the re-parse exited %d:\n%s", code, tail(out))
	}
	p.mustTerraform(t, dir, "destroy", "-auto-approve", "-input=false")
	if _, ok := p.Proxy("ecommerce", "partner-orders"); ok || len(p.APIs()) != 0 {
		t.Fatal("destroy left the proxy or the API")
	}
}

// requestSummary counts the requests the mock received by route.
func requestSummary(p *platform) string {
	var parts []string
	for route, n := range p.Stats() {
		parts = append(parts, fmt.Sprintf("%s ×%d", route, n))
	}
	return strings.Join(parts, ", ")
}

// proxies is n platform_api_proxy made from one document, deployed to test.
func proxies(n int) string {
	return fmt.Sprintf(`
resource "platform_api_proxy" "p" {
  count               = %d
  project_name        = "ecommerce"
  name                = "spec-${count.index}"
  specification       = <<-EOT
    openapi: 3.0.3
    info: {title: Spec, version: "1"}
    paths:
      /items: {get: {summary: List}}
  EOT
  relative_paths      = ["/spec-${count.index}"]
  deploy_environments = ["test"]
}
`, n)
}

// Ctrl-C while proxy creates are in flight: each is carried to its answer,
// so every proxy the platform made is in state, and the next apply makes
// the rest, each proxy once and deployed once.
func TestE2E_ctrlCFinishesProxyCreates(t *testing.T) {
	p := newPlatform(t, latest)
	p.SetLatency(http.MethodPost, specFilePath, slowWrite)
	dir := workdir(t, proxies(8))
	_, out, stopped := p.interrupt(t, dir, 6, 1)
	t.Logf("first Ctrl-C with proxy creates in flight: terraform stopped after %v", stopped.Round(time.Millisecond))
	if !p.WaitIdle(time.Minute) {
		t.Fatal("the platform is still busy a minute after terraform stopped")
	}
	p.ClearLatency()
	tracked := stateIDs(t, dir)["platform_api_proxy"]
	made := 0
	for _, name := range p.ProxyNames("ecommerce") {
		if strings.HasPrefix(name, "spec-") {
			made++
		}
	}
	if made < 6 || len(tracked) != made {
		t.Fatalf("the platform made %d proxies, state tracks %d (%v); want every one made in state:\n%s", made, len(tracked), tracked, tail(out))
	}
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	for i := range 8 {
		name := fmt.Sprintf("spec-%d", i)
		if n := p.Deployments("ecommerce", name, "test"); n != 1 {
			t.Errorf("%s was deployed %d times, want once", name, n)
		}
	}
	if code, out := p.terraform(t, dir, nil, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after converging exited %d:\n%s", code, out)
	}
}

// Onboarding a proxy made from a document: the onboard module's import
// block (import_proxies), -generate-config-out (whose configuration lacks
// the document, which the platform does not report: the plan says so), the
// document added, a plan that imports and records it, an apply that
// writes nothing, and a clean plan.
func TestE2E_onboardAProxyMadeFromADocument(t *testing.T) {
	p := newPlatform(t, latest)
	const doc = "openapi: 3.0.3\ninfo: {title: Catalog, version: \"1\"}\npaths:\n  /items: {get: {summary: List}}\n"
	c, err := client.New(client.Config{Endpoint: p.URL, Token: "demo-token"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateAPIProxy(context.Background(), "ecommerce", wire.SpecProxyMetadata{APIProxyName: "catalog-api",
		APIProxyCreationType: wire.CreationOpenAPI, ClientRoute: &wire.ClientRoute{RelativePathList: []string{"/catalog"}}},
		client.ProxySource{Document: []byte(doc)}); err != nil {
		t.Fatal(err)
	}
	module, err := filepath.Abs("../../examples/modules/onboard")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	onboard, infra := filepath.Join(root, "onboard"), filepath.Join(root, "infra")
	writeFile(t, filepath.Join(onboard, "main.tf"), requiredProviders+`
provider "platform" {}
module "onboard" {
  source           = "`+module+`"
  projects         = ["ecommerce"]
  proxy_name_regex = "^catalog"
  api_name_regex   = "^$"
  import_proxies   = true
}
output "import_blocks" {
  value = module.onboard.import_blocks
}
`)
	p.mustTerraform(t, onboard, "get")
	p.mustTerraform(t, onboard, "apply", "-auto-approve", "-input=false")
	blocks := p.stdout(t, onboard, "output", "-raw", "import_blocks")
	if !strings.Contains(blocks, "to = platform_api_proxy.ecommerce_catalog_api\n  id = \"ecommerce/catalog-api\"") {
		t.Fatalf("no import block for the proxy:\n%s", blocks)
	}
	writeFile(t, filepath.Join(infra, "main.tf"), providerBlock)
	writeFile(t, filepath.Join(infra, "imports.tf"), blocks)
	code, out := p.terraform(t, infra, nil, "plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	if code == 0 || !strings.Contains(out, "No specification") {
		t.Fatalf("the plan of the generated configuration exited %d; want it to ask for the document:\n%s", code, tail(out))
	}
	generated, err := os.ReadFile(filepath.Join(infra, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// As the onboarding guide says: give each proxy its document.
	withDoc := strings.Replace(string(generated), `  specification          = null`,
		"  specification          = file(\"${path.module}/catalog.yaml\")", 1)
	if withDoc == string(generated) {
		t.Fatalf("generated.tf has no specification line to fill in:\n%s", generated)
	}
	writeFile(t, filepath.Join(infra, "generated.tf"), withDoc)
	writeFile(t, filepath.Join(infra, "catalog.yaml"), doc)
	p.ResetRequests()
	out = p.mustTerraform(t, infra, "apply", "-auto-approve", "-input=false", "-no-color")
	t.Logf("generated.tf, the document added:\n%s", withDoc)
	if !strings.Contains(out, "2 imported, 0 added, 1 changed, 0 destroyed") || !strings.Contains(out, "Document recorded, not sent") {
		t.Fatalf("the apply did not import the proxy and record its document:\n%s", tail(out))
	}
	if n := p.writes(); n != 0 {
		t.Fatalf("importing sent %d writes", n)
	}
	if code, out := p.terraform(t, infra, nil, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after importing exited %d:\n%s", code, tail(out))
	}
}
