package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// fastPathsConfig is one resource of each type, on the routing vendor's
// current release so that the routing's refresh is one read.
const fastPathsConfig = `
resource "platform_api" "orders" {
  name    = "fast-orders"
  version = { name = "1.0", endpoints = [{ category = "Production", uri = "http://orders.broker.example.com/v1" }] }
}
resource "platform_api_version" "v2" {
  api_id = platform_api.orders.id
  name   = "2.0"
}
resource "platform_proxy_routing" "orders" {
  project_name        = "ecommerce"
  api_proxy_name      = "orders-api"
  deploy_environments = ["test"]
  routing_address {
    address = "https://orders-1.internal/v1"
  }
}
`

// After apply -refresh-only has saved the read records, a plan takes the
// fast read and the fast plan for every resource and says so at
// TF_LOG=debug; with PLATFORM_FAST_PATHS=off the same plan takes neither,
// sends the same requests, and plans the same: no changes.
func TestE2E_fastPathsTakenAfterRefreshOnly(t *testing.T) {
	p := newPlatform(t, func(c *mockplatform.Config) { c.LatestManager = true })
	dir := workdir(t, fastPathsConfig)
	p.mustTerraform(t, dir, "apply", "-auto-approve")
	// The API's first refresh is not a fixed point (its latest_version_id
	// moved when 2.0 was added): the first refresh-only apply saves the
	// moved state, the second the read record of a refresh that changed
	// nothing.
	p.mustTerraform(t, dir, "apply", "-refresh-only", "-auto-approve")
	p.mustTerraform(t, dir, "apply", "-refresh-only", "-auto-approve")

	fast, fastRequests := p.loggedPlan(t, dir, "on")
	for _, line := range []string{"Fast path taken: ReadResource", "Fast path taken: PlanResourceChange"} {
		if n := strings.Count(fast, line); n != 3 {
			t.Errorf("%q logged %d times, want once per resource (3)", line, n)
		}
	}
	if strings.Contains(fast, "Fast path declined") {
		t.Errorf("a fast path declined an unchanged resource:\n%s", grepLines(fast, "Fast path declined"))
	}

	off, offRequests := p.loggedPlan(t, dir, "off")
	if strings.Contains(off, "Fast path") {
		t.Errorf("PLATFORM_FAST_PATHS=off still took or weighed a fast path:\n%s", grepLines(off, "Fast path"))
	}
	if !slices.Equal(fastRequests, offRequests) {
		t.Errorf("requests differ:\nfast paths on:  %v\nfast paths off: %v", fastRequests, offRequests)
	}
}

// loggedPlan plans dir with the fast paths on or off, requires it to plan
// no changes, and returns the provider's debug log and the requests the
// platform received, sorted (resources refresh in parallel).
func (p *platform) loggedPlan(t *testing.T, dir, fastPaths string) (string, []string) {
	t.Helper()
	logFile := filepath.Join(t.TempDir(), "plan.log")
	p.ResetRequests()
	code, out := p.terraform(t, dir, []string{"TF_LOG_PROVIDER=debug", "TF_LOG_PATH=" + logFile, "PLATFORM_FAST_PATHS=" + fastPaths},
		"plan", "-detailed-exitcode")
	if code != 0 {
		t.Fatalf("plan with fast paths %s exited %d, want 0 (no changes):\n%s", fastPaths, code, out)
	}
	b, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	var requests []string
	for _, r := range p.Requests() {
		requests = append(requests, r.Method+" "+r.Path)
	}
	slices.Sort(requests)
	return string(b), requests
}

func grepLines(text, substr string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
