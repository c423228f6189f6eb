package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// listFormClock is the clock of the mock that the list-form build wrote
// testdata/state-upgrade/list-form-state.json against.
var listFormClock = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// A state the list-form build wrote (operations as lists; see
// testdata/state-upgrade/README.md) is upgraded by this build: with the
// configuration rewritten to maps, it plans with no changes, from the
// upgraded state alone (-refresh=false) and after a refresh, and an apply
// writes nothing to the platform and saves the map form.
func TestE2E_listFormStateUpgrades(t *testing.T) {
	p := newPlatform(t)
	p.SetClock(func() time.Time { return listFormClock })
	fixture := filepath.Join(repoRoot(t), "internal/e2e/testdata/state-upgrade")
	mapForm := readFile(t, filepath.Join(fixture, "map-form.tf"))
	oldState := readFile(t, filepath.Join(fixture, "list-form-state.json"))

	// The platform holds what the list-form build created: this build
	// creates the same objects, with the same IDs, from the same mock seed.
	seed := workdir(t, mapForm)
	p.mustTerraform(t, seed, "apply", "-auto-approve", "-input=false")
	old := t.TempDir()
	writeFile(t, filepath.Join(old, "terraform.tfstate"), oldState)
	for typ, ids := range stateIDs(t, old) {
		if got := stateIDs(t, seed)[typ]; !slices.Equal(got, ids) {
			t.Fatalf("the mock gave %s the IDs %v, the fixture holds %v: regenerate it as its README says", typ, got, ids)
		}
	}

	dir := workdir(t, mapForm)
	writeFile(t, filepath.Join(dir, "terraform.tfstate"), oldState)
	writes := p.writes()
	for _, args := range [][]string{{"-refresh=false"}, {}} {
		plan := append([]string{"plan", "-input=false", "-detailed-exitcode"}, args...)
		if code, out := p.terraform(t, dir, nil, plan...); code != 0 {
			t.Fatalf("terraform %s exited %d (2: changes):\n%s", strings.Join(plan, " "), code, tail(out))
		}
	}
	p.mustTerraform(t, dir, "apply", "-auto-approve", "-input=false")
	if n := p.writes() - writes; n != 0 {
		t.Fatalf("the upgraded state's apply sent %d writes, want none", n)
	}
	expectMapForm(t, dir)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// expectMapForm checks that dir's state holds schema version 1, with each
// operations map keyed by the fixture's names.
func expectMapForm(t *testing.T, dir string) {
	t.Helper()
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				SchemaVersion int            `json:"schema_version"`
				Attributes    map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "terraform.tfstate"))), &st); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"platform_api":         "version.operations=createOrder,getOrder,listOrders version.target_api.operations=backendList",
		"platform_api_version": "operations=getOrder,listOrders target_api.operations=backendGet",
	}
	for _, r := range st.Resources {
		in := r.Instances[0]
		var got []string
		for _, at := range strings.Fields(want[r.Type]) {
			path, _, _ := strings.Cut(at, "=")
			var v any = in.Attributes
			for _, name := range strings.Split(path, ".") {
				m, _ := v.(map[string]any)
				v = m[name]
			}
			ops, _ := v.(map[string]any)
			keys := make([]string, 0, len(ops))
			for k := range ops {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			got = append(got, path+"="+strings.Join(keys, ","))
		}
		if in.SchemaVersion != 1 || strings.Join(got, " ") != want[r.Type] {
			t.Errorf("%s: schema version %d, %s; want 1, %s", r.Type, in.SchemaVersion, strings.Join(got, " "), want[r.Type])
		}
	}
}
