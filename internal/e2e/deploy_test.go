package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

func deployedRouting(envs string, weight int) string {
	return fmt.Sprintf(`
resource "platform_proxy_routing" "r" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address {
    address = "https://orders-1.internal/v1"
    weight  = %d
  }
  deploy_environments = %s
}
`, weight, envs)
}

// phaseRequests runs one terraform command and returns the requests the
// mock served for it, by "METHOD route".
func (p *platform) phaseRequests(t *testing.T, dir string, args ...string) map[string]int {
	t.Helper()
	before := p.Stats()
	p.mustTerraform(t, dir, args...)
	out := map[string]int{}
	for k, v := range p.Stats() {
		if d := v - before[k]; d > 0 {
			out[k] = d
		}
	}
	return out
}

const (
	envList      = "GET /apiops/projects/{p}/environments/"
	proxyGet     = "GET /apiops/projects/{p}/apiProxies/{x}/"
	statusGet    = "GET /apiops/projects/{p}/apiProxies/{x}/environments/{env}/deploy-status/"
	addressPut   = "PUT /apiops/projects/{p}/apiProxies/{x}/settings/addresses/"
	addressPatch = "PATCH /apiops/projects/{p}/apiProxies/{x}/settings/addresses/"
)

// The requests each phase of a deployed routing costs, with one and with
// two environments, on every manager variant: the deployment goes inside the
// write; a refresh reads the proxy and, where its answer has no
// deploymentList (before the vendor's current release), one deploy-status
// per environment. The current release refuses PUT on the address list, so
// each terraform run (a provider process of its own) learns PATCH once.
// The plan-time checks of a plan that creates or changes the routing read
// the environment list, which answers every routing of a project, once per
// provider process, and a create reads its proxy (which says what the
// create replaces): terraform apply runs two (its plan, then the apply,
// which plans each change again), so a create reads its proxy twice (and
// once more after its write) and the environments twice, an update the
// environments twice. The refresh, a no-op plan, reads nothing more.
func TestE2E_routingRequestsPerPhase(t *testing.T) {
	for _, manager := range []string{"classic", "newer", "latest"} {
		for _, envs := range [][]string{{"production"}, {"production", "test"}} {
			t.Run(manager+"/"+strings.Join(envs, "+"), func(t *testing.T) {
				p := newPlatform(t, func(c *mockplatform.Config) {
					c.NewerManager, c.LatestManager = manager == "newer", manager == "latest"
				})
				n := len(envs)
				want := expectedPhases(manager, n)
				list := `["` + strings.Join(envs, `", "`) + `"]`
				dir := workdir(t, deployedRouting(list, 1))
				got := map[string]map[string]int{}
				got["create"] = p.phaseRequests(t, dir, "apply", "-auto-approve", "-input=false")
				got["refresh"] = p.phaseRequests(t, dir, "plan", "-input=false")
				writeConfig(t, dir, deployedRouting(list, 2))
				got["update"] = p.phaseRequests(t, dir, "apply", "-auto-approve", "-input=false")
				got["destroy"] = p.phaseRequests(t, dir, "destroy", "-auto-approve", "-input=false")
				for _, phase := range []string{"create", "refresh", "update", "destroy"} {
					t.Logf("%s, %d environment(s), %s: %v", manager, n, phase, got[phase])
					if fmt.Sprint(got[phase]) != fmt.Sprint(want[phase]) {
						t.Errorf("%s: requests %v, want %v", phase, got[phase], want[phase])
					}
				}
				for _, env := range envs {
					if d := p.Deployments("ecommerce", "orders-api", env); d != 2 {
						t.Errorf("%d deployments to %s, want 2 (create and update)", d, env)
					}
				}
			})
		}
	}
}

// expectedPhases is what each phase costs on a manager with n environments.
func expectedPhases(manager string, n int) map[string]map[string]int {
	write := map[string]int{addressPut: 1}
	refresh := map[string]int{proxyGet: 1, statusGet: n}
	if manager == "latest" {
		write = map[string]int{addressPut: 1, addressPatch: 1}
		refresh = map[string]int{proxyGet: 1}
	}
	with := func(base map[string]int, extra map[string]int) map[string]int {
		out := map[string]int{}
		for _, m := range []map[string]int{base, extra} {
			for k, v := range m {
				out[k] += v
			}
		}
		return out
	}
	return map[string]map[string]int{
		"create":  with(write, map[string]int{proxyGet: 3, envList: 2}),
		"refresh": refresh,
		"update":  with(with(write, refresh), map[string]int{proxyGet: 1, envList: 2}),
		"destroy": with(write, refresh),
	}
}

// A weight on a proxy whose algorithm ignores weights is a warning in the
// plan, once the algorithm is known.
func TestE2E_weightWithoutWeightedAlgorithmWarns(t *testing.T) {
	p := newPlatform(t)
	dir := workdir(t, deployedRouting(`[]`, 3))
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	out := p.mustTerraform(t, dir, "plan", "-input=false")
	if !strings.Contains(out, "Weight has no effect") || !strings.Contains(out, "ROUND_ROBIN") {
		t.Fatalf("plan output has no warning about the weight:\n%s", out)
	}
}
