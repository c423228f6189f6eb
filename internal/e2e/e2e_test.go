// Package e2e drives the built provider binary with the real terraform CLI
// through a dev_overrides CLI config, as a user would, against an
// in-process mock platform the tests can inspect and fault.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

var ws *tfrun.Workspace

func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") == "" {
		fmt.Println("e2e: skipped (TF_ACC is not set)")
		os.Exit(m.Run())
	}
	var err error
	if ws, err = tfrun.NewWorkspace(context.Background(), "../.."); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	fmt.Println("e2e: CLI", ws.TerraformBin)
	code := m.Run()
	ws.Close()
	os.Exit(code)
}

// platform is a mock platform served for one test, and how the CLI
// reaches it; tests that run the mock as a process leave Running nil.
type platform struct {
	*mockplatform.Running
	mock *tfrun.Mock
}

func newPlatform(t *testing.T, change ...func(*mockplatform.Config)) *platform {
	t.Helper()
	if ws == nil {
		t.Skip("TF_ACC is not set")
	}
	cfg := mockplatform.DemoConfig()
	for _, c := range change {
		c(&cfg)
	}
	run := mockplatform.Start(t, cfg)
	return &platform{Running: run, mock: &tfrun.Mock{URL: run.URL}}
}

func withProxies(n int) func(*mockplatform.Config) {
	return func(c *mockplatform.Config) {
		for i := range n {
			c.Projects[0].Proxies = append(c.Projects[0].Proxies, mockplatform.Proxy{Name: fmt.Sprintf("p-%d", i), APIType: "REST"})
		}
	}
}

// workdir writes config into a fresh directory.
func workdir(t *testing.T, config string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(providerBlock+config), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

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

func (p *platform) mustTerraform(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out := p.terraform(t, dir, nil, args...)
	if code != 0 {
		t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// stateIDs returns the id attribute of every instance in dir's state, by
// resource type.
func stateIDs(t *testing.T, dir string) map[string][]string {
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
				Status     string         `json:"status"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range st.Resources {
		for _, in := range r.Instances {
			out[r.Type] = append(out[r.Type], fmt.Sprint(in.Attributes["id"]))
		}
	}
	return out
}

// writeConfig replaces dir's configuration.
func writeConfig(t *testing.T, dir, config string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(providerBlock+config), 0o600); err != nil {
		t.Fatal(err)
	}
}
