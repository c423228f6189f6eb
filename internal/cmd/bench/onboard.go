package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

// The onboard mode (-only onboard) measures the apply of the onboarding
// module (examples/modules/onboard) on the mock's estate of N APIs, in two
// forms side by side, interleaved, with this build of the provider: the
// module as it is, and as it was before it read every API's versions in
// one platform_apis read (one platform_api_versions instance per API),
// taken from git. Both must write the same import blocks.

const onboardName = "onboard"

// onboardOld is the revision of the module's earlier form: -onboard-old,
// else the parent of the commit that stopped reading versions through one
// data source instance per API.
var onboardOld string

// onboardForm is one form of the module, copied into dir.
type onboardForm struct {
	name string
	dir  string
}

type onboardResult struct {
	form     string
	n        int
	times    []time.Duration
	requests int
	blocks   string
}

// onboardForms copies the module as it is and as it was at the earlier
// revision into the workspace.
func onboardForms(ctx context.Context, root, wdir string) ([]onboardForm, error) {
	rev := onboardOld
	if rev == "" {
		out, err := gitOutput(ctx, root, "log", "-1", "--format=%H", `-Sdata "platform_api_versions" "each"`, "--",
			"examples/modules/onboard/main.tf")
		if err != nil {
			return nil, fmt.Errorf("finding the module's earlier form (give -onboard-old): %w", err)
		}
		if strings.TrimSpace(out) == "" {
			return nil, errors.New("no commit replaced the module's platform_api_versions: give -onboard-old")
		}
		rev = strings.TrimSpace(out) + "^"
	}
	short, err := gitOutput(ctx, root, "rev-parse", "--short", rev)
	if err != nil {
		return nil, err
	}
	current := onboardForm{name: "onboard module (this build: one platform_apis read with include_versions)", dir: filepath.Join(wdir, "onboard-current")}
	earlier := onboardForm{name: "onboard module as of " + strings.TrimSpace(short) + " (one platform_api_versions per API)",
		dir: filepath.Join(wdir, "onboard-earlier")}
	src := filepath.Join(root, "examples", "modules", "onboard")
	for _, f := range []string{"main.tf", "outputs.tf", "variables.tf", "versions.tf"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			return nil, err
		}
		if err := writeIn(filepath.Join(current.dir, "module"), f, b); err != nil {
			return nil, err
		}
		old, err := gitOutput(ctx, root, "show", rev+":examples/modules/onboard/"+f)
		if err != nil {
			return nil, err
		}
		if err := writeIn(filepath.Join(earlier.dir, "module"), f, []byte(old)); err != nil {
			return nil, err
		}
	}
	projects, _ := json.Marshal(mockplatform.EstateProjects(3))
	caller := fmt.Sprintf(`terraform {
  required_providers {
    platform = { source = "apiplatform/platform" }
  }
}
provider "platform" {}
module "onboard" {
  source   = "./module"
  projects = %s
}
output "import_blocks" {
  value = module.onboard.import_blocks
}
`, projects)
	for _, f := range []onboardForm{current, earlier} {
		if err := writeIn(f.dir, "main.tf", []byte(caller)); err != nil {
			return nil, err
		}
	}
	return []onboardForm{current, earlier}, nil
}

func writeIn(dir, name string, b []byte) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name), b, 0o600)
}

func gitOutput(ctx context.Context, root string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// measureOnboard runs the onboard mode for every -n, against a mock that
// serves the estate of that size, and renders its table.
func measureOnboard(ctx context.Context, root string, w *tfrun.Workspace, o options) (string, error) {
	var results []*onboardResult
	for _, n := range o.sizes {
		rs, err := measureOnboardAt(ctx, root, w, o, n)
		if err != nil {
			return "", fmt.Errorf("onboard N=%d: %w", n, err)
		}
		results = append(results, rs...)
	}
	return renderOnboard(o, results), nil
}

func measureOnboardAt(ctx context.Context, root string, w *tfrun.Workspace, o options, n int) ([]*onboardResult, error) {
	cfg := mockplatform.DemoConfig()
	cfg.Estate = &mockplatform.Estate{APIs: n, Proxies: 60, Projects: 3}
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	seed := filepath.Join(w.Dir, fmt.Sprintf("onboard-seed-%d.json", n))
	if err := os.WriteFile(seed, b, 0o600); err != nil {
		return nil, err
	}
	mock, err := w.StartMock(io.Discard, "-seed", seed)
	if err != nil {
		return nil, err
	}
	defer mock.Stop()
	forms, err := onboardForms(ctx, root, filepath.Join(w.Dir, fmt.Sprintf("onboard-%d", n)))
	if err != nil {
		return nil, err
	}
	env := w.Env(mock, "TF_LOG=", "TF_LOG_PROVIDER=")
	results := make([]*onboardResult, len(forms))
	for i, f := range forms {
		results[i] = &onboardResult{form: f.name, n: n}
		if err := succeeded(w.Terraform(ctx, f.dir, env, io.Discard, "get")); err != nil {
			return nil, fmt.Errorf("%s: terraform get: %w", f.name, err)
		}
	}
	par := fmt.Sprintf("-parallelism=%d", o.parallelism)
	for rep := 1; rep <= o.repeats; rep++ {
		for i, f := range forms {
			fmt.Printf("==> %s, N=%d, run %d/%d\n", f.name, n, rep, o.repeats)
			_ = os.Remove(filepath.Join(f.dir, "terraform.tfstate"))
			before, err := stats(mock.URL)
			if err != nil {
				return nil, err
			}
			start := time.Now()
			err = succeeded(w.Terraform(ctx, f.dir, env, io.Discard, "apply", "-auto-approve", "-input=false", par))
			elapsed := time.Since(start)
			if err != nil {
				return nil, fmt.Errorf("%s: apply: %w", f.name, err)
			}
			after, err := stats(mock.URL)
			if err != nil {
				return nil, err
			}
			results[i].times = append(results[i].times, elapsed)
			results[i].requests = total(after, "") - total(before, "")
		}
	}
	for i, f := range forms {
		out, err := w.Command(ctx, f.dir, env, "output", "-raw", "import_blocks").Output()
		if err != nil {
			return nil, fmt.Errorf("%s: output: %w", f.name, err)
		}
		results[i].blocks = string(out)
	}
	if results[0].blocks != results[1].blocks {
		return nil, fmt.Errorf("the two forms wrote different import blocks (%d and %d bytes)", len(results[0].blocks), len(results[1].blocks))
	}
	return results, nil
}

// succeeded is a terraform run's outcome as an error.
func succeeded(code int, err error) error {
	if err == nil && code != 0 {
		err = fmt.Errorf("terraform exited %d", code)
	}
	return err
}

func renderOnboard(o options, results []*onboardResult) string {
	var b strings.Builder
	b.WriteString("\n## Onboarding module (-only onboard)\n\n")
	fmt.Fprintf(&b, "The apply of `examples/modules/onboard` on the mock's estate of N APIs (every catalog shape, a quarter of them "+
		"with two to four versions) and 60 proxies in 3 projects, reads only, with this build of the provider: the module as it "+
		"is beside its earlier form from git, interleaved, %d runs each, median (spread = max - min); both wrote the same import blocks.\n\n",
		o.repeats)
	b.WriteString("| module form | N APIs | apply wall time | spread | requests | import blocks | speed-up |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for i, r := range results {
		speedup := ""
		if i%2 == 0 && i+1 < len(results) {
			speedup = fmt.Sprintf("%.1f×", median(results[i+1].times).Seconds()/median(r.times).Seconds())
		}
		fmt.Fprintf(&b, "| %s | %d | %.2fs | %.2fs | %d | %d | %s |\n", r.form, r.n, median(r.times).Seconds(),
			spread(r.times).Seconds(), r.requests, strings.Count(r.blocks, "import {"), speedup)
	}
	return b.String()
}
