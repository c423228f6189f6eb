package protocol

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/modfile"
)

// The fast paths' proofs read terraform-plugin-framework's and
// terraform-plugin-go's code at one version each. Moving either is a reason
// to read them again: this fails until ProvenFramework and ProvenPluginGo
// name the versions in go.mod, which should only be changed once
// fwserver.PlanResourceChange, ReadResource and UpgradeResourceState, the
// framework's private state encoding and terraform-plugin-go's value
// encoding have been read again and TestFastPathsAnswerAsTheFramework
// passes.
func TestFastPathsProvenVersions(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.ParseLax("go.mod", b, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"github.com/hashicorp/terraform-plugin-framework": ProvenFramework,
		"github.com/hashicorp/terraform-plugin-go":        ProvenPluginGo,
	}
	for _, r := range f.Require {
		if proven, ok := want[r.Mod.Path]; ok {
			delete(want, r.Mod.Path)
			if r.Mod.Version != proven {
				t.Errorf("go.mod requires %s %s, but the fast paths were proven against %s: read the code again (see "+
					"fastpath_plan.go, fastpath_read.go, fastpath_upgrade.go), run TestFastPathsAnswerAsTheFramework, "+
					"then update the constants in fastpath.go", r.Mod.Path, r.Mod.Version, proven)
			}
		}
	}
	for path := range want {
		t.Errorf("go.mod does not require %s", path)
	}
}
