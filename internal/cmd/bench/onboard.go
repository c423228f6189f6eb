package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

// onboardName is what -only matches to measure the ways of bringing an
// estate under Terraform side by side.
const onboardName = "onboard"

// onboardPath is one way of listing an estate for import, measured as the
// one terraform command a user runs for it. A further way is one more entry
// in onboardPaths.
type onboardPath struct {
	name string
	// what says what the command leaves the user with.
	what string
	// setup writes the working directory of one run.
	setup func(dir string, projects []string) error
	args  func(projects []string) []string
}

func onboardPaths(root string) []onboardPath {
	paths := []onboardPath{
		{
			name: moduleCurrentName,
			what: "the `import_blocks` output; `plan -generate-config-out` writes the configuration next",
			setup: func(dir string, _ []string) error {
				return copyFiles(filepath.Join(root, "examples", "modules", "onboard"), dir, ".tf")
			},
			args: func(projects []string) []string {
				return []string{"apply", "-auto-approve", "-input=false", "-var=projects=" + hclList(projects)}
			},
		},
		{
			name: "`terraform query -generate-config-out`",
			what: "`generated.tf`: a resource and an import block per object",
			setup: func(dir string, _ []string) error {
				if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(providerBlock), 0o600); err != nil {
					return err
				}
				return copyFiles(filepath.Join(root, "examples", "guides", "onboarding-query"), dir, ".tfquery.hcl")
			},
			args: func(projects []string) []string {
				return []string{"query", "-generate-config-out=generated.tf", "-var=projects=" + hclList(projects)}
			},
		},
	}
	return append(paths, earlierModulePath(root, paths[0]))
}

// onboardEstate is the estate at n APIs: a tenth as many proxies (at least
// 30) in 3 projects, and an AI proxy in each, which both paths leave out.
func onboardEstate(n int) mockplatform.Estate {
	return mockplatform.Estate{APIs: n, Proxies: max(n/10, 30), Projects: 3, AIProxies: 3}
}

type onboardResult struct {
	path              onboardPath
	apis, proxies     int
	times             []time.Duration
	requests, writes  int // of the last run
	cpuSeconds        []float64
	peakRSSKB         int64
	olderVersions     int
	cli, cliVersion   string
	skipped, whySkips string
	// blocks is a module's import_blocks output (of the last run), and
	// imports how many it holds once compared (onboard_earlier.go).
	blocks  string
	imports int
}

// measureOnboarding runs each path at each size of o.onboardSizes, o.repeats
// times, interleaved, against a mock holding the estate, with the Terraform
// 1.14 build (the query needs it; the module runs with it too, so that the
// paths and not the CLIs are compared).
func measureOnboarding(ctx context.Context, w *tfrun.Workspace, root string, o options) ([]*onboardResult, error) {
	if _, err := os.Stat(o.tf114); err != nil {
		fmt.Printf("==> onboarding skipped: it needs the Terraform 1.14 build (%s): make terraform-1.14\n", o.tf114)
		return []*onboardResult{{skipped: "Terraform 1.14 build not found", whySkips: o.tf114}}, nil
	}
	w114 := *w
	w114.TerraformBin = o.tf114
	version, _ := exec.Command(o.tf114, "version").Output() //nolint:gosec // the build make names
	var out []*onboardResult
	for _, n := range o.onboardSizes {
		estate := onboardEstate(n)
		seed, err := writeEstateSeed(w.Dir, estate)
		if err != nil {
			return nil, err
		}
		mock, err := w.StartMock(io.Discard, "-seed", seed)
		if err != nil {
			return nil, err
		}
		older, err := olderVersions(n)
		if err != nil {
			mock.Stop()
			return nil, err
		}
		projects := mockplatform.EstateProjects(estate.Projects)
		var rs []*onboardResult
		for _, p := range onboardPaths(root) {
			rs = append(rs, &onboardResult{path: p, apis: n, proxies: estate.Proxies, olderVersions: older,
				cli: o.tf114, cliVersion: strings.SplitN(strings.TrimSpace(string(version)), "\n", 2)[0]})
		}
		for rep := 1; rep <= o.repeats; rep++ {
			for _, r := range rs {
				fmt.Printf("==> onboarding: %s, %d APIs, run %d/%d\n", r.path.name, n, rep, o.repeats)
				if err := measureOnboardRun(ctx, &w114, mock, projects, r); err != nil {
					mock.Stop()
					return nil, fmt.Errorf("%s, %d APIs: %w", r.path.name, n, err)
				}
			}
		}
		mock.Stop()
		if err := sameImports(rs, estate); err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

func measureOnboardRun(ctx context.Context, w *tfrun.Workspace, mock *tfrun.Mock, projects []string, r *onboardResult) error {
	dir, err := os.MkdirTemp(w.Dir, "onboard-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if err := r.path.setup(dir, projects); err != nil {
		return err
	}
	usageDir := filepath.Join(dir, "usage")
	if err := os.Mkdir(usageDir, 0o700); err != nil {
		return err
	}
	env := w.Env(mock, "TF_LOG=", "TF_LOG_PROVIDER=", "PLATFORM_PROVIDER_RUSAGE_DIR="+usageDir)
	before, err := stats(mock.URL)
	if err != nil {
		return err
	}
	start := time.Now()
	var output strings.Builder
	code, err := w.Terraform(ctx, dir, env, &output, r.path.args(projects)...)
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	if code != 0 {
		return fmt.Errorf("terraform exited with %d:\n%s", code, output.String())
	}
	after, err := stats(mock.URL)
	if err != nil {
		return err
	}
	u, err := readUsage(usageDir)
	if err != nil {
		return err
	}
	r.times = append(r.times, elapsed)
	r.cpuSeconds = append(r.cpuSeconds, u.cpuSeconds)
	r.peakRSSKB = max(r.peakRSSKB, u.maxRSSKB)
	r.requests = total(after, "") - total(before, "")
	r.writes = r.requests - (total(after, "GET ") - total(before, "GET ")) - (total(after, "POST /api/login") - total(before, "POST /api/login"))
	if r.writes != 0 {
		return fmt.Errorf("listing the estate sent %d writes", r.writes)
	}
	if strings.HasPrefix(r.path.name, "onboard module") {
		out, err := w.Command(ctx, dir, env, "output", "-raw", "import_blocks").Output()
		if err != nil {
			return fmt.Errorf("reading import_blocks: %w", err)
		}
		r.blocks = string(out)
	}
	return nil
}

func renderOnboarding(b *strings.Builder, o options, rs []*onboardResult) {
	if len(rs) == 0 {
		return
	}
	b.WriteString("\n## Onboarding an estate: listing it for import\n\n")
	if rs[0].skipped != "" {
		fmt.Fprintf(b, "Not measured: %s (%s; `make terraform-1.14` builds it).\n", rs[0].skipped, rs[0].whySkips)
		return
	}
	fmt.Fprintf(b, "The first command of each way of bringing the mock's estate under Terraform (the onboarding guide), in a fresh "+
		"directory, with %s for both, %d runs each, interleaved; times are the median (spread = max - min). The estate: N APIs of "+
		"every shape, about one in four with two to four versions, a tenth as many REST and SOAP proxies (at least 30) in 3 projects, "+
		"and 3 AI proxies, which both leave out. Requests are those the mock served for the command (no write, checked); provider CPU "+
		"is every provider process's user + system time.\n\n", rs[0].cliVersion, o.repeats)
	b.WriteString("| way | N APIs | proxies | older versions | wall time | spread | requests | provider CPU | provider peak RSS | leaves |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rs {
		fmt.Fprintf(b, "| %s | %d | %d | %d | %.2fs | %.2fs | %d | %.2fs | %.1f MB | %s |\n", r.path.name, r.apis, r.proxies,
			r.olderVersions, median(r.times).Seconds(), spread(r.times).Seconds(), r.requests, median(r.cpuSeconds),
			float64(r.peakRSSKB)/1024, r.path.what)
	}
	b.WriteString("\nThe module reads only the lists (the catalog, one versions list per API, one proxy list per project); the query reads " +
		"them too and then each object once more, because generating the configuration needs it whole. After either, the plan and " +
		"the apply that import read each object once (the guide measures them); the module's way also runs " +
		"`plan -generate-config-out` for the configuration.\n")
	renderModuleSpeedup(b, rs)
}

// writeEstateSeed writes the demo seed with estate added, for the mock.
func writeEstateSeed(dir string, estate mockplatform.Estate) (string, error) {
	cfg := mockplatform.DemoConfig()
	cfg.Estate = &estate
	b, err := json.Marshal(cfg)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("estate-%d.json", estate.APIs))
	return path, os.WriteFile(path, b, 0o600)
}

// olderVersions counts the versions of an estate of n APIs that are not
// their API's latest, from an in-process mock of the same estate.
func olderVersions(n int) (int, error) {
	srv := mockplatform.New(mockplatform.Config{FedMemberID: "count", Estate: &mockplatform.Estate{APIs: n}})
	older := 0
	for _, a := range srv.APIs() {
		older += len(srv.APIVersions(a.APIID)) - 1
	}
	if older < 0 {
		return 0, errors.New("the estate has an API with no version")
	}
	return older, nil
}

// copyFiles copies the files of src whose name ends in suffix into dst.
func copyFiles(src, dst, suffix string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	copied := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), suffix) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name())) //nolint:gosec // the repository's own examples
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			return err
		}
		copied++
	}
	if copied == 0 {
		return fmt.Errorf("no %s file in %s: %w", suffix, src, fs.ErrNotExist)
	}
	return nil
}

// hclList is names as an HCL list of strings.
func hclList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
