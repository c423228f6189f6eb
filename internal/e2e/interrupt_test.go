package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// slowWrite is how long the platform takes for each slow write: long
// enough that Ctrl-C lands while the writes are in flight, short enough to
// keep the suite fast.
const slowWrite = 3 * time.Second

// interrupt starts terraform apply in dir, waits until inFlight writes are
// being served by the platform, then sends SIGINT (Ctrl-C) signals times,
// and returns terraform's exit code, its output and how long it took to
// stop after the first signal.
func (p *platform) interrupt(t *testing.T, dir string, inFlight, signals int) (int, string, time.Duration) {
	t.Helper()
	cmd := ws.Command(context.Background(), dir, ws.Env(p.mock), "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); p.InFlight() < inFlight; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("only %d writes in flight after 30s:\n%s", p.InFlight(), out.String())
		}
	}
	start := time.Now()
	for i := range signals {
		if i > 0 {
			time.Sleep(300 * time.Millisecond)
		}
		_ = cmd.Process.Signal(syscall.SIGINT)
	}
	err := cmd.Wait()
	stopped := time.Since(start)
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	}
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Fatalf("terraform did not see the interrupt:\n%s", out.String())
	}
	return code, out.String(), stopped
}

// Ctrl-C while creates are in flight on a slow platform: Terraform waits
// for them, the provider carries each to its answer, and every API the
// platform made is in state. The next apply converges with no error, every
// API exactly once; then the same for versions.
func TestE2E_ctrlCFinishesCreatesInFlight(t *testing.T) {
	p := newPlatform(t)
	p.SetLatency(http.MethodPost, "/api/apis", slowWrite)
	dir := workdir(t, apis(12))
	_, out, stopped := p.interrupt(t, dir, 10, 1)
	t.Logf("first Ctrl-C with 10 creates in flight: terraform stopped after %v", stopped.Round(time.Millisecond))
	if !p.WaitIdle(time.Minute) {
		t.Fatal("the platform is still busy a minute after terraform stopped")
	}
	made := len(p.APIs())
	if made < 10 || made == 12 {
		t.Fatalf("the platform made %d of 12 APIs; want the 10 in flight, not the 2 never started:\n%s", made, out)
	}
	expectConverged(t, p, dir, made)

	p.ClearLatency()
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	expectConverged(t, p, dir, 12)

	// Versions: each API gets a second live version, interrupted the same way.
	p.SetLatency(http.MethodPost, "/api/apis", slowWrite)
	writeConfig(t, dir, apis(12)+versions(12))
	_, _, stopped = p.interrupt(t, dir, 10, 1)
	t.Logf("first Ctrl-C with 10 version creates in flight: terraform stopped after %v", stopped.Round(time.Millisecond))
	p.WaitIdle(time.Minute)
	p.ClearLatency()
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	expectVersionsOnce(t, p, dir, 12)
	if code, out := p.terraform(t, dir, nil, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after converging exited %d:\n%s", code, out)
	}
}

// versions is one platform_api_version "2.0" per API of apis(n).
func versions(n int) string {
	return fmt.Sprintf(`
resource "platform_api_version" "v2" {
  count  = %d
  api_id = platform_api.a[count.index].id
  name   = "2.0"
}
`, n)
}

// expectVersionsOnce checks that every API holds its 2.0 exactly once and
// that state tracks each of them.
func expectVersionsOnce(t *testing.T, p *platform, dir string, n int) {
	t.Helper()
	tracked := map[string]bool{}
	for _, id := range stateIDs(t, dir)["platform_api_version"] {
		tracked[id] = true
	}
	for _, a := range p.APIs() {
		count := 0
		for _, v := range p.APIVersions(a.APIID) {
			if v.Name == "2.0" {
				count++
				if !tracked[v.APIVersionID] {
					t.Errorf("version 2.0 of %s (%s) is not in state", a.Name, v.APIVersionID)
				}
			}
		}
		if count != 1 {
			t.Errorf("API %s holds %d versions named 2.0", a.Name, count)
		}
	}
	if len(tracked) != n {
		t.Fatalf("state tracks %d versions, want %d", len(tracked), n)
	}
}

// A second Ctrl-C is Terraform's hard stop: it exits without waiting, and
// the creates in flight end on the platform but not in state. The next
// apply refuses to create them again and says how to import each one; once
// imported, the configuration converges. The troubleshooting guide tells
// this story.
func TestE2E_secondCtrlCNeedsImports(t *testing.T) {
	p := newPlatform(t)
	p.SetLatency(http.MethodPost, "/api/apis", slowWrite)
	dir := workdir(t, apis(4))
	_, _, stopped := p.interrupt(t, dir, 4, 2)
	t.Logf("second Ctrl-C with 4 creates in flight: terraform stopped after %v", stopped.Round(time.Millisecond))
	p.WaitIdle(time.Minute)
	p.ClearLatency()
	lost := len(p.APIs()) - len(trackedAPIs(t, dir))
	if lost == 0 {
		t.Skip("every create made it to state before the hard stop; nothing to adopt this time")
	}
	code, out := p.terraform(t, dir, nil, "apply", "-auto-approve", "-input=false")
	if code == 0 || strings.Count(out, "Error: API already exists") != lost || !strings.Contains(out, "terraform import platform_api.<name>") {
		t.Fatalf("the apply after a hard stop exited %d; want %d 'API already exists' errors with the import command:\n%s", code, lost, out)
	}
	inState := map[string]bool{}
	for _, id := range trackedAPIs(t, dir) {
		inState[id] = true
	}
	for _, a := range p.APIs() {
		if !inState[a.APIID] {
			var i int
			_, _ = fmt.Sscanf(a.Name, "api-%d", &i)
			p.mustTerraform(t, dir, "import", fmt.Sprintf("platform_api.a[%d]", i), a.APIID)
		}
	}
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	expectConverged(t, p, dir, 4)
}

// trackedAPIs are the APIs in dir's state; a hard stop may leave no state
// file at all, or an empty one.
func trackedAPIs(t *testing.T, dir string) []string {
	t.Helper()
	if b, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate")); err != nil || len(b) == 0 {
		return nil
	}
	return stateIDs(t, dir)["platform_api"]
}

// Ctrl-C while deploying routing writes are in flight: each is carried
// through and read back, so state records the deployment and the next
// apply converges without deploying anything twice.
func TestE2E_ctrlCFinishesDeployingWrites(t *testing.T) {
	p := newPlatform(t, withProxies(6), func(c *mockplatform.Config) { c.LatestManager = true })
	p.SetLatency(http.MethodPatch, "/apiops/", slowWrite)
	dir := workdir(t, deployedRoutings(6))
	_, _, stopped := p.interrupt(t, dir, 6, 1)
	t.Logf("first Ctrl-C with 6 deploying writes in flight: terraform stopped after %v", stopped.Round(time.Millisecond))
	p.WaitIdle(time.Minute)
	p.ClearLatency()
	if n := len(stateIDs(t, dir)["platform_proxy_routing"]); n != 6 {
		t.Fatalf("state holds %d routings, want the 6 whose writes were in flight", n)
	}
	if code, out := p.terraform(t, dir, nil, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("the plan after the interrupted apply exited %d; every deploying write was carried through:\n%s", code, out)
	}
	for i := range 6 {
		if n := p.Deployments("ecommerce", fmt.Sprintf("p-%d", i), "production"); n != 1 {
			t.Errorf("p-%d was deployed %d times, want once", i, n)
		}
	}
}

// deployedRoutings routes proxies p-0 … p-(n-1), each deployed to production.
func deployedRoutings(n int) string {
	return fmt.Sprintf(`
resource "platform_proxy_routing" "r" {
  count          = %d
  project_name   = "ecommerce"
  api_proxy_name = "p-${count.index}"
  routing_address {
    address = "https://backend-${count.index}.internal/v1"
  }
  deploy_environments = ["production"]
}
`, n)
}
