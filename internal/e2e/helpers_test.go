package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

// The mock platform.

// platform is a mock platform served for one test, and how the CLI
// reaches it; tests that run the mock as a process leave Running nil.
type platform struct {
	*mockplatform.Running
	mock *tfrun.Mock
}

// newPlatform starts the demo platform for one test; change lets a test
// adjust the seed. Without TF_ACC the test is skipped.
func newPlatform(t *testing.T, change ...func(*mockplatform.Config)) *platform {
	t.Helper()
	if ws == nil {
		t.Skip("TF_ACC is not set")
	}
	cfg := mockplatform.DemoConfig()
	// Tests count the APIs they create and the addresses they set.
	cfg.APIs = nil
	cfg.Projects[0].Proxies[0].RoutingAddresses = nil
	for _, c := range change {
		c(&cfg)
	}
	run := mockplatform.Start(t, cfg)
	return &platform{Running: run, mock: &tfrun.Mock{URL: run.URL}}
}

// withProxies adds n REST proxies p-0, p-1, … to the first project.
func withProxies(n int) func(*mockplatform.Config) {
	return func(c *mockplatform.Config) {
		for i := range n {
			c.Projects[0].Proxies = append(c.Projects[0].Proxies, mockplatform.Proxy{Name: fmt.Sprintf("p-%d", i), APIType: "REST"})
		}
	}
}

// What the mock received.

// writes counts the requests that could change the platform: everything
// but reads and the catalog login.
func (p *platform) writes() int {
	n := 0
	for _, r := range p.Requests() {
		if r.Method != http.MethodGet && r.Path != "/api/login" {
			n++
		}
	}
	return n
}

// Configurations and files.

// providerBlock starts every workdir's configuration; the credentials come
// from the environment the workspace gives the CLI.
const providerBlock = `
terraform {
  required_providers {
    platform = { source = "apiplatform/platform" }
  }
}
provider "platform" {
  max_retries = 10
}
`

// requiredProviders names the provider's source, for configurations that
// bring their own provider block or none.
const requiredProviders = `
terraform {
  required_providers {
    platform = { source = "apiplatform/platform" }
  }
}
`

// workdir writes config into a fresh directory.
func workdir(t *testing.T, config string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(providerBlock+config), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeConfig replaces dir's configuration.
func writeConfig(t *testing.T, dir, config string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(providerBlock+config), 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeFile writes content to path, creating its directory.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// repoRoot is the repository's root directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// Running the CLI.

// terraform runs a command and returns its exit code and combined output.
func (p *platform) terraform(t *testing.T, dir string, extraEnv []string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code, err := ws.Terraform(context.Background(), dir, ws.Env(p.mock, extraEnv...), &out, append(args, "-no-color")...)
	if err != nil {
		t.Fatal(err)
	}
	return code, out.String()
}

// mustTerraform runs a command that must succeed and returns its output.
func (p *platform) mustTerraform(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out := p.terraform(t, dir, nil, args...)
	if code != 0 {
		t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// stdout runs a command and returns its standard output as it is.
func (p *platform) stdout(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := ws.Command(context.Background(), dir, ws.Env(p.mock), args...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// cliAtLeast reports whether the CLI under test is version 1.minor or later.
func cliAtLeast(t *testing.T, minor int) bool {
	t.Helper()
	out, err := exec.Command(ws.TerraformBin, "version", "-json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	var major, got int
	_, _ = fmt.Sscanf(v.Version, "%d.%d", &major, &got)
	return major > 1 || (major == 1 && got >= minor)
}

// Reading state.

// stateIDs returns the id attribute of every instance in dir's state, by
// resource type.
func stateIDs(t *testing.T, dir string) map[string][]string {
	t.Helper()
	return stateValues(t, dir, "id")
}

// stateValues returns an attribute of every instance in dir's state, by
// resource type.
func stateValues(t *testing.T, dir, attr string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range st.Resources {
		for _, in := range r.Instances {
			out[r.Type] = append(out[r.Type], fmt.Sprint(in.Attributes[attr]))
		}
	}
	return out
}
