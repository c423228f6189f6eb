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

// hclList is names as an HCL list of strings.
func hclList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// Bringing the estate of TestE2E_onboardEstate (200 APIs, their older
// versions, 60 proxies in 3 projects) and 3 AI proxies under Terraform the
// Terraform 1.14 way, with the onboarding guide's query file
// (examples/guides/onboarding-query): terraform query -generate-config-out
// writes a
// resource and an import block (by identity) per object, the AI proxies
// left out; the plan imports only, the apply imports with no write
// reaching the platform, and the next plan is clean.
func TestE2E_TF114_queryOnboarding(t *testing.T) {
	p := newPlatform(t, func(c *mockplatform.Config) {
		c.Estate = &mockplatform.Estate{APIs: 200, Proxies: 60, Projects: 3, AIProxies: 3}
	})
	skipBelow114(t)
	projects := mockplatform.EstateProjects(3)
	infra := t.TempDir()
	writeFile(t, filepath.Join(infra, "main.tf"), providerBlock)
	query, err := os.ReadFile("../../examples/guides/onboarding-query/onboard.tfquery.hcl")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(infra, "onboard.tfquery.hcl"), string(query))
	older := olderVersions(p)
	imports := 200 + older + 60
	p.ResetRequests()
	timed := func(step string, f func()) {
		start := time.Now()
		f()
		t.Logf("%-50s %6.2fs, %4d requests, %d writes", step, time.Since(start).Seconds(), len(p.Requests()), p.writes())
		if n := p.writes(); n != 0 {
			t.Fatalf("%s sent %d writes to the platform", step, n)
		}
		p.ResetRequests()
	}
	timed("1. query -generate-config-out=generated.tf", func() {
		p.mustTerraform(t, infra, "query", "-generate-config-out=generated.tf", "-var=projects="+hclList(projects))
	})
	b, err := os.ReadFile(filepath.Join(infra, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	generated := string(b)
	expectGenerated(t, generated, map[string]int{"platform_api": 200, "platform_api_version": older, "platform_proxy_routing": 60})
	if strings.Contains(generated, `"ai-`) {
		t.Fatal("generated.tf imports an AI proxy's routing")
	}
	p.mustTerraform(t, infra, "validate")
	timed("2. plan (imports only)", func() {
		out := p.mustTerraform(t, infra, "plan", "-input=false")
		if !strings.Contains(out, fmt.Sprintf("%d to import, 0 to add, 0 to change, 0 to destroy", imports)) {
			t.Fatalf("the plan is not imports only:\n%s", tail(out))
		}
	})
	timed("3. apply (imports)", func() {
		out := p.mustTerraform(t, infra, "apply", "-auto-approve", "-input=false")
		if !strings.Contains(out, fmt.Sprintf("%d imported, 0 added, 0 changed, 0 destroyed", imports)) {
			t.Fatalf("the apply did not import everything:\n%s", tail(out))
		}
	})
	timed("4. plan -detailed-exitcode (no changes)", func() {
		if code, out := p.terraform(t, infra, nil, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
			t.Fatalf("the plan after importing exited %d:\n%s", code, tail(out))
		}
	})
	if ids := stateIDs(t, infra); len(ids["platform_api"]) != 200 || len(ids["platform_api_version"]) != older || len(ids["platform_proxy_routing"]) != 60 {
		t.Fatalf("state holds %d APIs, %d versions and %d routings", len(ids["platform_api"]), len(ids["platform_api_version"]), len(ids["platform_proxy_routing"]))
	}
}

var (
	generatedResource = regexp.MustCompile(`(?m)^resource "(platform_[a-z_]+)" "[a-z0-9_]+" \{$`)
	generatedImport   = regexp.MustCompile(`(?m)^import \{\n  to\s+= (platform_[a-z_]+)\.[a-z0-9_]+\n  provider\s+= platform\n  identity = \{\n`)
)

// expectGenerated checks that generated holds one resource and one import
// block by identity per object of each type.
func expectGenerated(t *testing.T, generated string, want map[string]int) {
	t.Helper()
	resources, imports := map[string]int{}, map[string]int{}
	for _, m := range generatedResource.FindAllStringSubmatch(generated, -1) {
		resources[m[1]]++
	}
	for _, m := range generatedImport.FindAllStringSubmatch(generated, -1) {
		imports[m[1]]++
	}
	if fmt.Sprint(resources) != fmt.Sprint(want) || fmt.Sprint(imports) != fmt.Sprint(want) {
		t.Fatalf("generated.tf holds resources %v and import blocks %v, want %v of each:\n%s", resources, imports, want,
			generated[:min(len(generated), 3000)])
	}
}
