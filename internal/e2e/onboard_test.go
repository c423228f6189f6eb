package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// Bringing an existing platform under Terraform with the onboard module
// (examples/modules/onboard), on an estate of 200 APIs (every shape, the
// seed sample, APIs with two to four versions, names that are not
// identifiers) and 60 proxies in 3 projects, and 3 AI proxies whose routing
// is not imported (the module names them), with the real CLI: the module's
// import blocks, a generated configuration that validates and is formatted,
// an apply that imports everything with no write reaching the platform, and
// a clean plan.
func TestE2E_onboardEstate(t *testing.T) {
	p := newPlatform(t, func(c *mockplatform.Config) {
		c.Estate = &mockplatform.Estate{APIs: 200, Proxies: 60, Projects: 3, AIProxies: 3}
	})
	module, err := filepath.Abs("../../examples/modules/onboard")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	onboard, infra := filepath.Join(root, "onboard"), filepath.Join(root, "infra")
	projects := fmt.Sprintf("%q", mockplatform.EstateProjects(3))
	projects = strings.ReplaceAll(projects, `" "`, `", "`)
	writeFile(t, filepath.Join(onboard, "main.tf"), requiredProviders+`
provider "platform" {}

module "onboard" {
  source   = "`+module+`"
  projects = `+projects+`
}

output "import_blocks" {
  value = module.onboard.import_blocks
}
output "api_count" {
  value = module.onboard.api_count
}
output "routing_count" {
  value = module.onboard.routing_count
}
output "version_count" {
  value = module.onboard.version_count
}
output "skipped_ai_proxies" {
  value = module.onboard.skipped_ai_proxies
}
`)
	writeFile(t, filepath.Join(infra, "main.tf"), providerBlock)
	older := olderVersions(p)
	if older < 50 {
		t.Fatalf("the estate has %d versions beside the latest; the test needs APIs with several", older)
	}
	imports := 200 + older + 60
	p.ResetRequests()

	timed := func(step string, f func()) {
		start := time.Now()
		f()
		t.Logf("%-45s %6.2fs, %4d requests, %d writes", step, time.Since(start).Seconds(), len(p.Requests()), p.writes())
		p.ResetRequests()
	}
	var blocks string
	timed("1. onboard: get + apply (reads only)", func() {
		p.mustTerraform(t, onboard, "get")
		p.mustTerraform(t, onboard, "apply", "-auto-approve", "-input=false")
		if n := p.writes(); n != 0 {
			t.Fatalf("reading the estate sent %d writes", n)
		}
	})
	timed("2. output -raw import_blocks > imports.tf", func() {
		blocks = p.stdout(t, onboard, "output", "-raw", "import_blocks")
		writeFile(t, filepath.Join(infra, "imports.tf"), blocks)
	})
	expectImportBlocks(t, blocks, 200, older, 60)
	// AI proxies are left out of the import blocks, and named.
	skipped := p.stdout(t, onboard, "output", "-json", "skipped_ai_proxies")
	if want := `["R\u0026D Ops #2/ai-1","Zahlungsverkehr/ai-2","shop/ai-0"]`; strings.TrimSpace(skipped) != want {
		t.Fatalf("skipped_ai_proxies = %s, want %s", skipped, want)
	}
	timed("3. plan -generate-config-out=generated.tf", func() {
		out := p.mustTerraform(t, infra, "plan", "-input=false", "-generate-config-out=generated.tf")
		if !strings.Contains(out, fmt.Sprintf("%d to import, 0 to add, 0 to change, 0 to destroy", imports)) {
			t.Fatalf("the plan is not imports only:\n%s", tail(out))
		}
	})
	p.mustTerraform(t, infra, "validate")
	p.mustTerraform(t, infra, "fmt", "-check", "generated.tf")
	timed("4. apply (imports)", func() {
		out := p.mustTerraform(t, infra, "apply", "-auto-approve", "-input=false")
		if !strings.Contains(out, fmt.Sprintf("%d imported, 0 added, 0 changed, 0 destroyed", imports)) {
			t.Fatalf("the apply did not import everything:\n%s", tail(out))
		}
		if n := p.writes(); n != 0 {
			t.Fatalf("importing sent %d writes to the platform", n)
		}
	})
	timed("5. plan -detailed-exitcode (no changes)", func() {
		if code, out := p.terraform(t, infra, nil, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
			t.Fatalf("the plan after importing exited %d:\n%s", code, tail(out))
		}
	})
	if ids := stateIDs(t, infra); len(ids["platform_api"]) != 200 || len(ids["platform_api_version"]) != older || len(ids["platform_proxy_routing"]) != 60 {
		t.Fatalf("state holds %d APIs, %d versions and %d routings", len(ids["platform_api"]), len(ids["platform_api_version"]), len(ids["platform_proxy_routing"]))
	}
	// The guide says these lines of generated.tf can go without changing
	// the plan.
	generated := filepath.Join(infra, "generated.tf")
	b, err := os.ReadFile(generated)
	if err != nil {
		t.Fatal(err)
	}
	tidied := tidy(string(b))
	before, after := strings.Count(string(b), "\n"), strings.Count(tidied, "\n")
	t.Logf("generated.tf: %d lines, %d once tidied as the guide says", before, after)
	if after > before*3/4 {
		t.Fatalf("tidying left %d of %d lines: the defaults were not removed", after, before)
	}
	writeFile(t, generated, tidied)
	_ = os.Remove(filepath.Join(infra, "imports.tf"))
	if code, out := p.terraform(t, infra, nil, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after tidying generated.tf (%d of %d lines left) exited %d:\n%s",
			strings.Count(tidied, "\n"), strings.Count(string(b), "\n"), code, tail(out))
	}
}

// olderVersions counts the versions that are not their API's latest.
func olderVersions(p *platform) int {
	n := 0
	for _, a := range p.APIs() {
		n += len(p.APIVersions(a.APIID)) - 1
	}
	return n
}

// tidyLines are the defaults the onboarding guide says may be deleted from
// generated.tf, in every resource; versionType is the version's own type,
// inside platform_api's version object and at the top level of a
// platform_api_version (a target_api's type has no default and stays).
var (
	tidyLines = regexp.MustCompile(`(?m)^ *[a-z_]+ += +(null|\[\s*\]|\{\s*\})\n` +
		`|^ *[a-z_]+_access_auto_approved += +false\n|^ {2,4}visibility += +"Limited"\n|^ +weight += +1\n`)
	versionType = map[string]*regexp.Regexp{
		"platform_api":         regexp.MustCompile(`(?m)^ {4}type += +"shttp"\n`),
		"platform_api_version": regexp.MustCompile(`(?m)^ {2}type += +"shttp"\n`),
	}
	resourceBlock = regexp.MustCompile(`(?ms)^resource "([a-z_]+)" "[^"]+" \{\n.*?^\}\n`)
)

func tidy(generated string) string {
	return resourceBlock.ReplaceAllStringFunc(generated, func(block string) string {
		if re := versionType[resourceBlock.FindStringSubmatch(block)[1]]; re != nil {
			block = re.ReplaceAllString(block, "")
		}
		return tidyLines.ReplaceAllString(block, "")
	})
}

var importBlock = regexp.MustCompile(`(?m)^import \{\n  to = (platform_api|platform_api_version|platform_proxy_routing)\.([a-z][a-z0-9_]*)\n  id = "[^"\n]+"\n\}$`)

// expectImportBlocks checks the module's output: one block per API, older
// version and routing, sorted, every name a valid identifier and unique, and
// names that sanitise alike told apart.
func expectImportBlocks(t *testing.T, blocks string, apis, versions, routings int) {
	t.Helper()
	found := importBlock.FindAllStringSubmatch(blocks, -1)
	counts := map[string]int{}
	seen := map[string]bool{}
	prev := ""
	for _, m := range found {
		addr := m[1] + "." + m[2]
		if seen[addr] || addr < prev {
			t.Fatalf("%s is repeated or out of order", addr)
		}
		seen[addr], prev = true, addr
		counts[m[1]]++
	}
	if counts["platform_api"] != apis || counts["platform_api_version"] != versions || counts["platform_proxy_routing"] != routings {
		t.Fatalf("%d API, %d version and %d routing blocks, want %d, %d and %d:\n%s", counts["platform_api"],
			counts["platform_api_version"], counts["platform_proxy_routing"], apis, versions, routings, blocks[:min(len(blocks), 2000)])
	}
	for _, want := range []string{"platform_api.api_2fa_service", "platform_api.zahlungsdienst_bersicht", "platform_api.acmepaymentscorp",
		"platform_api.api", "platform_api.private", "platform_proxy_routing.r_d_ops_2_billing", "platform_proxy_routing.r_d_ops_2_2fa_service"} {
		if !seen[want] {
			t.Errorf("no import block for %s", want)
		}
	}
	// Names that sanitise alike each get a suffix from their ID.
	for prefix, n := range map[string]int{"platform_api.orders_api_": 3, "platform_proxy_routing.shop_orders_api_": 2} {
		got := 0
		for addr := range seen {
			if strings.HasPrefix(addr, prefix) && len(addr) == len(prefix)+8 {
				got++
			}
		}
		if got != n {
			t.Errorf("%d addresses %s<8 hex digits>, want %d", got, prefix, n)
		}
	}
}

func tail(s string) string {
	if len(s) > 3000 {
		return "..." + s[len(s)-3000:]
	}
	return s
}
