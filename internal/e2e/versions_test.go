package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The platform_api_version page's worked example, run as it is shown: an API
// whose platform_api moves on to 2.0 while 1.0 stays live as a
// platform_api_version, adopted with an import block. One plan imports 1.0
// and updates platform_api; the next plan is clean; both versions are live.
func TestE2E_newMajorVersionKeepsTheOldOneLive(t *testing.T) {
	p := newPlatform(t)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(repoRoot(t), "examples/guides/new-major-version", name, "main.tf"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	dir := workdir(t, read("before"))
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	v1 := stateAttribute(t, dir, "platform_api", "version_id")

	const placeholder = "b8f931fc-a03a-5b04-b58e-1b6b56fa8f4e.acmepaymentscorp"
	after := read("after")
	if !strings.Contains(after, placeholder) {
		t.Fatalf("the example no longer holds the placeholder ID %s", placeholder)
	}
	writeConfig(t, dir, strings.Replace(after, placeholder, v1, 1))
	out := p.mustTerraform(t, dir, "plan", "-input=false")
	if !strings.Contains(out, "1 to import, 0 to add, 1 to change, 0 to destroy") {
		t.Fatalf("the plan is not one import and one update:\n%s", tail(out))
	}
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	if code, out := p.terraform(t, dir, nil, "plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after the move exited %d:\n%s", code, tail(out))
	}
	apis := p.APIs()
	if len(apis) != 1 {
		t.Fatalf("the platform holds %d APIs", len(apis))
	}
	versions := p.APIVersions(apis[0].APIID)
	if len(versions) != 2 || versions[0].APIVersionID != v1 || versions[0].Name != "1.0" || versions[1].Name != "2.0" {
		t.Fatalf("the platform holds %+v, want 1.0 (%s) still live and 2.0 added", versions, v1)
	}
	if got := stateAttribute(t, dir, "platform_api_version", "id"); got != v1 {
		t.Fatalf("platform_api_version tracks %s, want 1.0's %s", got, v1)
	}
	if got := stateAttribute(t, dir, "platform_api", "version_id"); got != versions[1].APIVersionID {
		t.Fatalf("platform_api tracks %s, want 2.0's %s", got, versions[1].APIVersionID)
	}
}

// stateAttribute is an attribute of the only instance of a resource type in
// dir's state.
func stateAttribute(t *testing.T, dir, typ, attr string) string {
	t.Helper()
	values := stateValues(t, dir, attr)[typ]
	if len(values) != 1 {
		t.Fatalf("%d instances of %s in state, want 1", len(values), typ)
	}
	return values[0]
}
