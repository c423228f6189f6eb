package e2e

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

func apis(n int) string {
	return fmt.Sprintf(`
resource "platform_api" "a" {
  count = %d
  name  = "api-${count.index}"
  version = {
    name      = "1.0"
    endpoints = [{ category = "Production", uri = "https://api-${count.index}.example.com" }]
  }
}
`, n)
}

func routings(n int) string {
	return fmt.Sprintf(`
resource "platform_proxy_routing" "r" {
  count          = %d
  project_name   = "ecommerce"
  api_proxy_name = "p-${count.index}"
  routing_address {
    address = "https://p-${count.index}.internal"
    weight  = 2
  }
}
`, n)
}

// expectConverged checks that state and platform agree: every API in state
// exists, and the platform holds no API state does not track.
func expectConverged(t *testing.T, p *platform, dir string, wantAPIs int) {
	t.Helper()
	ids := stateIDs(t, dir)["platform_api"]
	var held []string
	names := map[string]int{}
	for _, a := range p.APIs() {
		held = append(held, a.APIID)
		names[a.Name]++
	}
	sort.Strings(ids)
	sort.Strings(held)
	if strings.Join(ids, ",") != strings.Join(held, ",") || len(held) != wantAPIs {
		t.Fatalf("state tracks %d APIs %v, the platform holds %d %v; want %d in both", len(ids), ids, len(held), held, wantAPIs)
	}
	for name, n := range names {
		if n > 1 {
			t.Fatalf("the platform holds %d APIs named %s", n, name)
		}
	}
}

// An apply interrupted half-way (SIGINT, as Ctrl-C) leaves nothing lost
// or duplicated: the next apply converges.
func TestE2E_interruptedApply(t *testing.T) {
	p := newPlatform(t, withProxies(20))
	p.InjectFaultRate("", "/", 1, 1, mockplatform.Fault{Delay: 150 * time.Millisecond})
	dir := workdir(t, apis(30)+routings(20))

	cmd := ws.Command(context.Background(), dir, ws.Env(p.mock), "apply", "-auto-approve", "-input=false", "-no-color")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); len(p.APIs()) < 5 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	_ = cmd.Wait()
	created := len(p.APIs())
	t.Logf("interrupted after %d of 30 APIs were created", created)
	if created >= 30 || !strings.Contains(out.String(), "Interrupt received") {
		t.Fatalf("the apply was not interrupted mid-way (%d created):\n%s", created, out.String())
	}

	p.ClearFaults()
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	expectConverged(t, p, dir, 30)
	if code, out := p.terraform(t, dir, nil, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan after the second apply exited %d:\n%s", code, out)
	}
	p.mustTerraform(t, dir, "destroy", "-auto-approve", "-input=false")
	expectConverged(t, p, dir, 0)
}

// 300 resources at -parallelism=50: no error, a clean plan, a clean destroy.
func TestE2E_load300(t *testing.T) {
	p := newPlatform(t, withProxies(150))
	dir := workdir(t, apis(150)+routings(150))
	start := time.Now()
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false", "-parallelism=50")
	t.Logf("apply of 300 resources at -parallelism=50 took %v (%d requests)", time.Since(start).Round(time.Millisecond), len(p.Requests()))
	expectConverged(t, p, dir, 150)
	if n := len(stateIDs(t, dir)["platform_proxy_routing"]); n != 150 {
		t.Fatalf("%d routings in state, want 150", n)
	}
	if code, out := p.terraform(t, dir, nil, "plan", "-detailed-exitcode", "-input=false", "-parallelism=50"); code != 0 {
		t.Fatalf("plan exited %d:\n%s", code, out)
	}
	p.mustTerraform(t, dir, "destroy", "-auto-approve", "-input=false", "-parallelism=50")
	expectConverged(t, p, dir, 0)
}

// A full lifecycle of both resources under TF_LOG=trace with faults on,
// including a failed apply: neither the log nor any diagnostic Terraform
// printed holds the token, the password, a session cookie or a CSRF token.
func TestE2E_secretsUnderTraceWithFaults(t *testing.T) {
	p := newPlatform(t, withProxies(3), func(c *mockplatform.Config) {
		c.Tokens[0].Manage = []string{"ecommerce"}
		c.Projects = append(c.Projects, mockplatform.Project{Name: "restricted",
			Proxies: []mockplatform.Proxy{{Name: "locked", APIType: "REST"}}})
	})
	p.InjectFaultRate("", "/", 0.2, 7, mockplatform.MixedFaults("0")...)
	logPath := t.TempDir() + "/trace.log"
	env := []string{"TF_LOG=trace", "TF_LOG_PATH=" + logPath}
	forbidden := `
resource "platform_proxy_routing" "locked" {
  project_name   = "restricted"
  api_proxy_name = "locked"
  routing_address { address = "https://locked.internal" }
}
`
	var printed strings.Builder
	run := func(dir string, wantOK bool, args ...string) {
		code, out := p.terraform(t, dir, env, args...)
		printed.WriteString(out)
		if (code == 0) != wantOK {
			t.Fatalf("terraform %v exited %d:\n%s", args, code, out)
		}
	}
	dir := workdir(t, apis(3)+routings(3)+forbidden)
	run(dir, false, "apply", "-auto-approve", "-input=false")
	if !regexp.MustCompile(`HTTP\s+403`).MatchString(printed.String()) {
		t.Fatalf("the failed apply printed no 403 diagnostic:\n%s", printed.String())
	}
	_ = os.WriteFile(dir+"/main.tf", []byte(providerBlock+apis(3)+strings.Replace(routings(3), "weight  = 2", "weight  = 3", 1)), 0o600)
	run(dir, true, "apply", "-auto-approve", "-input=false")
	run(dir, true, "plan", "-input=false")
	run(dir, true, "destroy", "-auto-approve", "-input=false")

	logBytes, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(logBytes)
	if !strings.Contains(log, "Sending request to the platform") || !strings.Contains(log, "REDACTED") {
		t.Fatal("the trace log has no redacted request logging: the test would prove nothing")
	}
	secrets := append([]string{"demo-token", "demo-password"}, sessionSecrets(p)...)
	if len(secrets) < 4 {
		t.Fatalf("only %d secrets seen; the catalog session was not exercised", len(secrets))
	}
	for _, s := range secrets {
		for where, text := range map[string]string{"the trace log": log, "terraform's output": printed.String()} {
			if strings.Contains(text, s) {
				t.Errorf("%s contains a secret (%d characters, starting %q)", where, len(s), s[:4])
			}
		}
	}
	t.Logf("%d faults injected; %d bytes of trace log checked for %d secrets", p.FaultsInjected(), len(log), len(secrets))
}

// sessionSecrets are the session cookie and CSRF values the mock handed out.
func sessionSecrets(p *platform) []string {
	seen := map[string]bool{}
	for _, r := range p.Requests() {
		for _, v := range append(r.Header.Values("Cookie"), r.Header.Values("X-Csrf-Token_acmepaymentscorp")...) {
			for _, part := range strings.Split(v, ";") {
				part = strings.TrimSpace(part)
				if _, val, ok := strings.Cut(part, "="); ok {
					part = val
				}
				if part != "" {
					seen[part] = true
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	return out
}
