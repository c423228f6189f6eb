package e2e

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// What a plan promises, seen as a user sees it: the CLI's own output.

// flat is CLI output with the diagnostics' frames and line wraps taken
// out, so that a sentence can be matched whole.
func flat(out string) string {
	out = strings.NewReplacer("│", " ", "╷", " ", "╵", " ").Replace(out)
	return strings.Join(strings.Fields(out), " ")
}

// countWarnings counts the warnings of that summary in CLI output, including
// those Terraform folds into one ("and N more similar warnings").
func countWarnings(out, summary string) int {
	out = flat(out)
	n := strings.Count(out, "Warning: "+summary)
	for _, m := range regexp.MustCompile(`\(and (\d+|one) more similar warnings? elsewhere\)`).FindAllStringSubmatch(out, -1) {
		if m[1] == "one" {
			n++
		} else {
			var k int
			_, _ = fmt.Sscanf(m[1], "%d", &k)
			n += k
		}
	}
	return n
}

const (
	primaryAddr = "https://orders.internal/v1"
	canaryAddr  = "https://orders-canary.internal/v1"
	mirrorAddr  = "https://orders-mirror.internal/v1"
)

// routingWith is platform_proxy_routing.orders for ecommerce/orders-api
// with these routing_address blocks' bodies.
func routingWith(blocks ...string) string {
	var b strings.Builder
	b.WriteString(`
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
`)
	for _, body := range blocks {
		b.WriteString("  routing_address {\n" + body + "\n  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// Case 1 of "What a plan promises": on the routing vendor's current
// release, which does not report address roles, a proxy with a PRIMARY, a
// CANARY and a MIRROR address is imported (import block,
// -generate-config-out, apply: no write). The import says what it could
// not read; a plan that sends the list (a harmless-looking reorder, a
// description added) names each address it would send as PRIMARY; once the
// configuration has sent the roles, the warning is gone.
func TestE2E_importedRolesWarnBeforeAWrite(t *testing.T) {
	p := newPlatform(t, func(c *mockplatform.Config) { c.LatestManager = true })
	p.SetRoutingAddresses("ecommerce", "orders-api", []wire.RoutingAddress{
		{Address: primaryAddr, Weight: 1},
		{Address: canaryAddr, Weight: 1, AddressType: wire.AddressCanary, Description: "4.2 canary"},
		{Address: mirrorAddr, Weight: 1, AddressType: wire.AddressMirror},
	})
	dir := workdir(t, `
import {
  to = platform_proxy_routing.orders
  id = "ecommerce/orders-api"
}
`)
	out := p.mustTerraform(t, dir, "plan", "-input=false", "-generate-config-out=generated.tf")
	const importWarning = "Address settings the import could not read"
	if n := countWarnings(out, importWarning); n != 1 {
		t.Fatalf("the import plan shows %d %q warnings, want 1:\n%s", n, importWarning, out)
	}
	for i, a := range []string{primaryAddr, canaryAddr, mirrorAddr} {
		if want := fmt.Sprintf(`- routing_address[%d] %q`, i, a); !strings.Contains(flat(out), want) {
			t.Errorf("the import warning does not list %s:\n%s", want, out)
		}
	}
	p.ResetRequests()
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	if n := p.writes(); n != 0 {
		t.Fatalf("the import sent %d writes", n)
	}

	// The configuration as a reviewer would write it from generated.tf.
	writeFile(t, filepath.Join(dir, "generated.tf"), "")
	plain := func(addr string) string { return fmt.Sprintf("    address = %q", addr) }
	const planWarning = "Address settings this plan cannot show"
	// A change that does not send the address list (a deployment only)
	// changes no role, and says nothing of them.
	writeConfig(t, dir, strings.Replace(routingWith(plain(primaryAddr), plain(canaryAddr), plain(mirrorAddr)),
		`api_proxy_name = "orders-api"`, `api_proxy_name = "orders-api"`+"\n  deploy_environments = [\"test\"]", 1))
	if out := p.mustTerraform(t, dir, "plan", "-input=false"); countWarnings(out, planWarning) != 0 || !strings.Contains(out, "1 to change") {
		t.Fatalf("a deployment alone warns about roles, or plans no change:\n%s", out)
	}
	for name, config := range map[string]string{
		"reorder":     routingWith(plain(canaryAddr), plain(primaryAddr), plain(mirrorAddr)),
		"description": routingWith(plain(primaryAddr)+"\n    description = \"v1\"", plain(canaryAddr), plain(mirrorAddr)),
	} {
		writeConfig(t, dir, config)
		out := p.mustTerraform(t, dir, "plan", "-input=false")
		if n := countWarnings(out, planWarning); n != 1 {
			t.Fatalf("%s: the plan shows %d %q warnings, want 1:\n%s", name, n, planWarning, out)
		}
		canary, mirror := 1, 2
		if name == "reorder" {
			canary = 0
		}
		for _, want := range []string{
			fmt.Sprintf(`routing_address[%d] %q: its role, description and health check path on the platform are not known `+
				`(the platform does not report roles, descriptions or health check paths); this apply sends it as PRIMARY, with `+
				`no description and no health check path.`, canary, canaryAddr),
			fmt.Sprintf(`routing_address[%d] %q: its role, description and health check path`, mirror, mirrorAddr),
		} {
			if !strings.Contains(flat(out), want) {
				t.Errorf("%s: the plan's warning does not say %s:\n%s", name, want, out)
			}
		}
	}

	// The fix the warning asks for: the roles set. The apply sends them,
	// and from then on the state knows them.
	roles := routingWith(plain(primaryAddr)+"\n    description = \"v1\"",
		plain(canaryAddr)+"\n    address_type = \"CANARY\"\n    description = \"4.2 canary\"",
		plain(mirrorAddr)+"\n    address_type = \"MIRROR\"")
	writeConfig(t, dir, roles)
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	px, _ := p.Proxy("ecommerce", "orders-api")
	if got := px.Routing.RoutingAddressList; len(got) != 3 || got[1].AddressType != wire.AddressCanary || got[2].AddressType != wire.AddressMirror {
		t.Fatalf("the platform holds %+v, want the canary and the mirror kept", got)
	}
	writeConfig(t, dir, strings.Replace(roles, `address = "`+mirrorAddr+`"`, `address = "`+mirrorAddr+`"`+"\n    weight = 2", 1))
	if out := p.mustTerraform(t, dir, "plan", "-input=false"); countWarnings(out, planWarning) != 0 || !strings.Contains(out, "1 to change") {
		t.Fatalf("once the configuration has sent the roles, a change plans with no warning:\n%s", out)
	}
}

// Case 4: the zero-addresses warning appears once, and only when the plan
// empties a list that has addresses: never for an imported proxy whose
// list is empty already.
func TestE2E_zeroAddressesWarnOnlyWhenEmptying(t *testing.T) {
	p := newPlatform(t)
	const summary = "No routing addresses"
	dir := workdir(t, `
import {
  to = platform_proxy_routing.orders
  id = "ecommerce/orders-api"
}
`+routingWith())
	out := p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	if n := countWarnings(out, summary); n != 0 {
		t.Fatalf("importing a proxy with no address warns %d times, want none:\n%s", n, out)
	}
	if out := p.mustTerraform(t, dir, "plan", "-input=false"); countWarnings(out, summary) != 0 {
		t.Fatalf("a no-op plan of an empty list warns:\n%s", out)
	}
	writeConfig(t, dir, routingWith(`    address = "https://orders-1.internal/v1"`))
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	writeConfig(t, dir, routingWith())
	out = p.mustTerraform(t, dir, "plan", "-input=false")
	if n := countWarnings(out, summary); n != 1 || !strings.Contains(flat(out), "this apply empties its address list (1 address(es) now)") {
		t.Fatalf("emptying a list of one address warns %d times, want once:\n%s", n, out)
	}
}

// Case 2, through the CLI: every plan-time refusal stops terraform plan,
// sends no write and leaves nothing in state.
func TestE2E_refusalsHappenInPlan(t *testing.T) {
	p := newPlatform(t, func(c *mockplatform.Config) {
		c.Projects[0].Proxies = append(c.Projects[0].Proxies, mockplatform.Proxy{Name: "assistant", APIType: "AI"})
	})
	apiID := p.InsertAPI("payments")
	routing := func(project, proxy, extra string) string {
		return fmt.Sprintf(`
resource "platform_proxy_routing" "r" {
  project_name   = %q
  api_proxy_name = %q
  routing_address {
    address = "https://orders-1.internal/v1"
  }
%s
}
`, project, proxy, extra)
	}
	cases := map[string]struct{ config, want string }{
		"environment": {routing("ecommerce", "orders-api", `deploy_environments = ["prod"]`),
			`deploy_environments names "prod", but project ecommerce has no environment of that name (names are case-sensitive). Its environments are: "production", "test".`},
		"proxy": {routing("ecommerce", "orders", ""),
			`api_proxy_name = "orders": project ecommerce has no API proxy of that name`},
		"project": {routing("shop", "orders-api", ""),
			`project_name = "shop": the platform has no project of that name`},
		"ai": {routing("ecommerce", "assistant", ""),
			`API proxy ecommerce/assistant is an AI proxy`},
		"route-health": {routing("ecommerce", "orders-api", "deploy_environments = [\"test\"]\nwait_for_live_routes = true"),
			`wait_for_live_routes = true waits on the platform's route-health, which this manager does not have`},
		"api_id": {`
resource "platform_api_version" "v" {
  api_id = "payments"
  name   = "2.0"
}
`, `"payments" is the name of an API, not its ID: that API's ID is ` + apiID + `.`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := workdir(t, c.config)
			p.ResetRequests()
			code, out := p.terraform(t, dir, nil, "plan", "-input=false")
			if code == 0 || !strings.Contains(flat(out), c.want) {
				t.Fatalf("plan exited %d, want an error saying %q:\n%s", code, c.want, out)
			}
			if n := p.writes(); n != 0 {
				t.Fatalf("the refused plan sent %d writes", n)
			}
		})
	}
}

// A no-op plan sends exactly the requests it sent before the plan-time
// checks (the checks run only in plans that create or change something),
// for every resource, and terraform validate sends none. The counts are
// those of the build before the checks, measured with this same test.
func TestE2E_noOpPlanRequests(t *testing.T) {
	p := newPlatform(t, func(c *mockplatform.Config) { c.LatestManager = true })
	dir := workdir(t, `
resource "platform_api" "a" {
  name    = "payments"
  version = { name = "1.0" }
}
resource "platform_api_version" "v" {
  api_id = platform_api.a.id
  name   = "2.0"
}
resource "platform_proxy_routing" "r" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address {
    address = "https://orders-1.internal/v1"
  }
  deploy_environments  = ["production"]
  wait_for_live_routes = true
}
`)
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	want := map[string]map[string]int{
		"validate": {},
		"plan": {"POST /api/login": 1, "GET /api/apis/{id}": 1, "GET /api/apis/versions/{vid}": 2,
			"GET /apiops/projects/{p}/apiProxies/{x}/": 1},
	}
	for _, phase := range []string{"validate", "plan"} {
		args := []string{phase}
		if phase == "plan" {
			args = append(args, "-input=false", "-detailed-exitcode")
		}
		got := p.phaseRequests(t, dir, args...)
		t.Logf("%s: %v", phase, got)
		if fmt.Sprint(got) != fmt.Sprint(want[phase]) {
			t.Errorf("%s: requests %v, want %v", phase, got, want[phase])
		}
	}
}

// A routing whose proxy was deleted outside Terraform is planned for
// creation again with a warning, not refused: terraform destroy, whose
// first plan refreshes and plans as a normal plan does, still works.
func TestE2E_deletedProxyStillDestroys(t *testing.T) {
	p := newPlatform(t)
	dir := workdir(t, routingWith(`    address = "https://orders-1.internal/v1"`))
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	p.DeleteProxy("ecommerce", "orders-api")
	out := p.mustTerraform(t, dir, "plan", "-input=false")
	if countWarnings(out, "No such API proxy") != 1 || !strings.Contains(flat(out), "is planned for creation again") ||
		!strings.Contains(out, "1 to add") {
		t.Fatalf("the plan does not plan the routing again with a warning:\n%s", out)
	}
	if out := p.mustTerraform(t, dir, "destroy", "-auto-approve", "-input=false"); !strings.Contains(out, "Destroy complete") {
		t.Fatalf("destroy:\n%s", out)
	}
}

// A create takes over the proxy's address list: over a proxy that has a
// PRIMARY and a CANARY address, a configuration that names the primary
// alone plans a warning saying the canary goes, and says nothing over a
// proxy with no address.
func TestE2E_createSaysWhichAddressesItReplaces(t *testing.T) {
	p := newPlatform(t, func(c *mockplatform.Config) { c.LatestManager = true })
	p.SetRoutingAddresses("ecommerce", "orders-api", []wire.RoutingAddress{
		{Address: primaryAddr, Weight: 1},
		{Address: canaryAddr, Weight: 1, AddressType: wire.AddressCanary},
	})
	dir := workdir(t, routingWith(fmt.Sprintf("    address = %q", primaryAddr)))
	const warning = "Addresses this create replaces"
	out := p.mustTerraform(t, dir, "plan", "-input=false")
	if n := countWarnings(out, warning); n != 1 {
		t.Fatalf("the create's plan shows %d %q warnings, want 1:\n%s", n, warning, out)
	}
	for _, want := range []string{
		fmt.Sprintf(`- %q is not in this configuration: this apply removes it.`, canaryAddr),
		fmt.Sprintf(`- routing_address[0] %q: its role, description and health check path on the platform are not known`, primaryAddr),
	} {
		if !strings.Contains(flat(out), want) {
			t.Errorf("the warning does not say %s:\n%s", want, out)
		}
	}
	p.SetRoutingAddresses("ecommerce", "orders-api", []wire.RoutingAddress{})
	if out := p.mustTerraform(t, dir, "plan", "-input=false"); countWarnings(out, warning) != 0 {
		t.Fatalf("a create over a proxy with no address warns:\n%s", out)
	}
}
