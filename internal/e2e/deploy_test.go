package e2e

import (
	"fmt"
	"strings"
	"testing"
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
	proxyGet   = "GET /apiops/projects/{p}/apiProxies/{x}/"
	statusGet  = "GET /apiops/projects/{p}/apiProxies/{x}/environments/{env}/deploy-status/"
	addressPut = "PUT /apiops/projects/{p}/apiProxies/{x}/settings/addresses/"
)

// The requests each phase of a deployed routing costs, with one and with
// two environments: one deploy-status read per environment per refresh, and
// the deployment inside the write.
func TestE2E_routingRequestsPerPhase(t *testing.T) {
	for _, envs := range [][]string{{"production"}, {"production", "test"}} {
		t.Run(strings.Join(envs, "+"), func(t *testing.T) {
			p := newPlatform(t)
			list := `["` + strings.Join(envs, `", "`) + `"]`
			dir := workdir(t, deployedRouting(list, 1))
			n := len(envs)
			want := map[string]map[string]int{
				"create":  {addressPut: 1, proxyGet: 1},
				"refresh": {proxyGet: 1, statusGet: n},
				"update":  {proxyGet: 2, statusGet: n, addressPut: 1},
				"destroy": {proxyGet: 1, statusGet: n, addressPut: 1},
			}
			got := map[string]map[string]int{}
			got["create"] = p.phaseRequests(t, dir, "apply", "-auto-approve", "-input=false")
			got["refresh"] = p.phaseRequests(t, dir, "plan", "-input=false")
			writeConfig(t, dir, deployedRouting(list, 2))
			got["update"] = p.phaseRequests(t, dir, "apply", "-auto-approve", "-input=false")
			got["destroy"] = p.phaseRequests(t, dir, "destroy", "-auto-approve", "-input=false")
			for _, phase := range []string{"create", "refresh", "update", "destroy"} {
				t.Logf("%d environment(s), %s: %v", n, phase, got[phase])
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
