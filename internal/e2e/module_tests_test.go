package e2e

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The modules' own tests (terraform test / tofu test): unit tests with a
// mocked provider, and an integration test that applies against the
// standalone mock platform, started here as the command users run.
func TestModuleTests(t *testing.T) {
	if ws == nil {
		t.Skip("TF_ACC is not set")
	}
	if !cliAtLeast(t, 7) {
		t.Skip("the module tests use mock_provider, which needs Terraform 1.7 or later")
	}
	// The vendor's current release, as make mock serves by default: the
	// route-health of wait_for_live_routes is there.
	mock, err := ws.StartMock(io.Discard, "-estate-apis", "10", "-manager", "latest")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(mock.Stop)
	p := &platform{mock: mock}
	for _, module := range []string{"api-with-routing", "onboard", "api-from-openapi"} {
		t.Run(module, func(t *testing.T) {
			if module == "api-from-openapi" && !cliAtLeast(t, 8) {
				t.Skip("api-from-openapi calls a provider function, which needs Terraform 1.8 or later")
			}
			dir := t.TempDir()
			copyTree(t, filepath.Join("../../examples/modules", module), dir)
			out := p.mustTerraform(t, dir, "test")
			t.Log(summary(out))
			if !strings.Contains(out, "0 failed") || strings.Contains(out, "skipped") {
				t.Fatalf("terraform test:\n%s", out)
			}
		})
	}
}

// summary is the last line terraform test prints: how many passed.
func summary(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o750)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}
