// Command bench is make bench: it measures plan/apply/destroy wall time,
// requests per resource and the provider's peak RSS for platform_proxy_routing
// and platform_api against terraform_data floors of the same state size,
// interleaved in one run, the cost of provider::platform::openapi_operations
// per call on generated documents, and the ways of listing an estate for
// import side by side (onboard.go), and writes BENCHMARKS.md.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

// phases are measured in this order by default. resave (apply
// -refresh-only, which saves the refreshed state) and replan (a no-op plan
// after it) are measured when -phases names them: the state a team plans
// against has been refreshed and saved by some earlier apply, and the
// provider's refresh may keep what it needs for the next one there.
var phases = []string{"create", "refresh", "update", "destroy"}

var knownPhases = []string{"create", "refresh", "resave", "replan", "update", "destroy"}

type options struct {
	sizes       []int
	repeats     int
	parallelism int
	out         string
	only        *regexp.Regexp
	phases      []string
	// onboardSizes are the estate sizes (APIs) of the onboarding section;
	// tf114 is the Terraform 1.14 build it runs.
	onboardSizes []int
	tf114        string
}

func main() {
	var sizes string
	var o options
	flag.StringVar(&sizes, "n", "100,500", "comma-separated resource counts")
	flag.IntVar(&o.repeats, "repeats", 3, "measurements of each case (median and spread are reported)")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "Markdown report to write (empty: terminal only)")
	only := flag.String("only", "", "measure only the kinds whose name matches this regular expression (for investigations)")
	phaseList := flag.String("phases", strings.Join(phases, ","), "phases to measure, in this order (destroy works after any of them)")
	printConfig := flag.String("print-config", "", "print the configuration of this kind (e.g. platform_api) at the first -n and exit")
	flag.StringVar(&baseline, "baseline", "", "also measure every provider kind with the provider built at this git revision, side by side (e.g. main~3)")
	onboardSizes := flag.String("onboard-n", "1000", "comma-separated estate sizes (APIs) of the onboarding section")
	flag.StringVar(&o.tf114, "tf114", "", "the Terraform 1.14 build the onboarding section runs (make passes it)")
	flag.StringVar(&onboardOld, "onboard-old", "", "the revision of the onboard module's earlier form the onboarding section measures beside it (default: the last before it read versions in one platform_apis read)")
	flag.Parse()
	var err error
	if o.sizes, err = counts(sizes); err != nil {
		fmt.Fprintf(os.Stderr, "bench: bad -n: %v\n", err)
		os.Exit(2)
	}
	if o.onboardSizes, err = counts(*onboardSizes); err != nil {
		fmt.Fprintf(os.Stderr, "bench: bad -onboard-n: %v\n", err)
		os.Exit(2)
	}
	if o.only, err = regexp.Compile(*only); err != nil {
		fmt.Fprintf(os.Stderr, "bench: bad -only: %v\n", err)
		os.Exit(2)
	}
	for _, p := range strings.Split(*phaseList, ",") {
		if !slices.Contains(knownPhases, p) {
			fmt.Fprintf(os.Stderr, "bench: no phase %q\n", p)
			os.Exit(2)
		}
		o.phases = append(o.phases, p)
	}
	if *printConfig != "" {
		for _, k := range kinds() {
			if k.name == *printConfig {
				fmt.Print(k.config(o.sizes[0]))
				return
			}
		}
		fmt.Fprintf(os.Stderr, "bench: no kind %q\n", *printConfig)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench FAILED: %v\n", err)
		os.Exit(1)
	}
}

// counts parses a comma-separated list of positive counts.
func counts(list string) ([]int, error) {
	var out []int
	for _, s := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a list of positive counts", list)
		}
		out = append(out, n)
	}
	return out, nil
}

// Paddings that give the floors the state size per resource of the
// resources they stand for; the report prints both sizes.
var routingPadding, apiPadding = 123, 1475

// The same for the null_resource floors, which keep their triggers once.
var routingNullPadding, apiNullPadding = 850, 3105

// The same for platform_api_proxy, whose state keeps the document.
var proxyPadding, proxyNullPadding = 318, 747

func kinds() []kind {
	return withBaseline([]kind{
		{name: "platform_proxy_routing", config: routingConfig},
		{name: "platform_proxy_routing (deployed to 1 environment)", config: deployedRoutingConfig("test")},
		{name: "platform_proxy_routing (deployed to 2 environments)", config: deployedRoutingConfig("test", "production")},
		{name: "schema floor (platform_proxy_routing)", config: schemaFloor(routingConfig)},
		{name: "terraform_data (routing-sized)", config: floorConfig(routingPadding)},
		{name: "null_resource (routing-sized)", config: nullFloorConfig(routingNullPadding)},
		{name: "platform_api", config: apiConfig, legacy: apiConfigWith(1, true)},
		{name: "platform_api (10 operations)", config: apiConfigWith(10, false), legacy: apiConfigWith(10, true)},
		{name: "platform_api_version", config: apiVersionConfig,
			legacy: func(n int) string { return apiVersionConfigOps(n, operations(1, true)) }},
		{name: "schema floor (platform_api)", config: schemaFloor(apiConfig)},
		{name: "schema floor (platform_api_version)", config: schemaFloor(apiVersionConfig)},
		{name: "terraform_data (api-sized)", config: floorConfig(apiPadding)},
		{name: "null_resource (api-sized)", config: nullFloorConfig(apiNullPadding)},
		{name: "platform_api_proxy", config: proxyConfig()},
		{name: "platform_api_proxy (deployed to 1 environment)", config: proxyConfig("test")},
		{name: "schema floor (platform_api_proxy)", config: schemaFloor(proxyConfig())},
		{name: "terraform_data (proxy-sized)", config: floorConfig(proxyPadding)},
		{name: "null_resource (proxy-sized)", config: nullFloorConfig(proxyNullPadding)},
	})
}

func run(ctx context.Context, o options) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	var functions []functionResult
	if o.only.MatchString(functionName) {
		if functions, err = measureFunctions(o); err != nil {
			return err
		}
	}
	onboarding := o.only.MatchString(onboardName)
	var report strings.Builder
	if !anyKind(o) && !onboarding {
		fmt.Fprintf(&report, "# Benchmarks\n\nWritten by `make bench` on %s: %d cores, %s.\n", time.Now().UTC().Format("2006-01-02"), runtime.NumCPU(), runtime.Version())
		renderFunctions(&report, o, functions)
		return writeReport(root, o, report.String())
	}
	fmt.Println("==> building the provider and the mock platform")
	w, err := tfrun.NewWorkspace(ctx, root)
	if err != nil {
		return err
	}
	defer w.Close()
	if anyKind(o) {
		results, err := measureKinds(ctx, w, root, o)
		if err != nil {
			return err
		}
		report.WriteString(render(o, w, results))
	} else {
		fmt.Fprintf(&report, "# Benchmarks\n\nWritten by `make bench` on %s: %d cores, %s.\n", time.Now().UTC().Format("2006-01-02"), runtime.NumCPU(), runtime.Version())
	}
	if onboarding {
		rs, err := measureOnboarding(ctx, w, root, o)
		if err != nil {
			return err
		}
		renderOnboarding(&report, o, rs)
	}
	renderFunctions(&report, o, functions)
	return writeReport(root, o, report.String())
}

// measureKinds measures every resource kind -only leaves, at every -n.
func measureKinds(ctx context.Context, w *tfrun.Workspace, root string, o options) (map[string]*result, error) {
	maxN := 0
	for _, n := range o.sizes {
		maxN = max(maxN, n)
	}
	if baseline != "" {
		dir, err := baselineProvider(ctx, root, w.Dir, baseline)
		if err != nil {
			return nil, err
		}
		if err := w.Override(baselineSource, dir); err != nil {
			return nil, err
		}
	}
	if o.measures("schema floor") {
		dir, err := schemaFloorProvider(ctx, root, w.Dir)
		if err != nil {
			return nil, err
		}
		if err := w.Override(schemaFloorSource, dir); err != nil {
			return nil, err
		}
	}
	if o.measures("null_resource") {
		dir, err := nullProvider(ctx, root)
		if err != nil {
			return nil, err
		}
		if err := w.Override("hashicorp/null", dir); err != nil {
			return nil, err
		}
	}
	seed, err := writeSeed(w.Dir, maxN)
	if err != nil {
		return nil, err
	}
	mock, err := w.StartMock(io.Discard, "-seed", seed)
	if err != nil {
		return nil, err
	}
	defer mock.Stop()

	results := map[string]*result{}
	for rep := 1; rep <= o.repeats; rep++ {
		for _, n := range o.sizes {
			for _, k := range kinds() {
				if !o.only.MatchString(k.name) {
					continue
				}
				fmt.Printf("==> %s, N=%d, run %d/%d\n", k.name, n, rep, o.repeats)
				key := fmt.Sprintf("%s/%d", k.name, n)
				if results[key] == nil {
					results[key] = newResult(k.name, n)
				}
				if err := measure(ctx, w, mock, k, n, o, results[key]); err != nil {
					return nil, fmt.Errorf("%s N=%d: %w", k.name, n, err)
				}
			}
		}
	}
	return results, nil
}

// anyKind says whether -only leaves any resource kind to measure.
func anyKind(o options) bool {
	for _, k := range kinds() {
		if o.only.MatchString(k.name) {
			return true
		}
	}
	return false
}

func writeReport(root string, o options, report string) error {
	fmt.Print("\n" + report)
	if o.out == "" {
		return nil
	}
	out := o.out
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	return os.WriteFile(out, []byte(report), 0o644) //nolint:gosec // a report kept in the repo, meant to be read
}

// measures reports whether a kind whose name starts with prefix is measured.
func (o options) measures(prefix string) bool {
	for _, k := range kinds() {
		if strings.HasPrefix(k.name, prefix) && o.only.MatchString(k.name) {
			return true
		}
	}
	return false
}

type result struct {
	kind     string
	n        int
	times    map[string][]time.Duration
	cpu      map[string][]float64 // provider CPU seconds per resource, per run
	requests map[string]int       // of the last run, per phase
	reads    map[string]int
	peakRSS  map[string]int64 // kB, max over all runs, per phase
	stateKB  float64          // state file size per resource after create
}

func newResult(kind string, n int) *result {
	return &result{kind: kind, n: n, times: map[string][]time.Duration{}, cpu: map[string][]float64{},
		requests: map[string]int{}, reads: map[string]int{}, peakRSS: map[string]int64{}}
}

func measure(ctx context.Context, w *tfrun.Workspace, mock *tfrun.Mock, k kind, n int, o options, r *result) error {
	dir, err := os.MkdirTemp(w.Dir, "run-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(k.config(n)), 0o600); err != nil {
		return err
	}
	par := fmt.Sprintf("-parallelism=%d", o.parallelism)
	commands := map[string][]string{
		"create":  {"apply", "-auto-approve", "-input=false", par},
		"refresh": {"plan", "-input=false", "-detailed-exitcode", par},
		"resave":  {"apply", "-refresh-only", "-auto-approve", "-input=false", par},
		"replan":  {"plan", "-input=false", "-detailed-exitcode", par},
		"update":  {"apply", "-auto-approve", "-input=false", "-var=gen=2", par},
		"destroy": {"destroy", "-auto-approve", "-input=false", "-var=gen=2", par},
	}
	for _, phase := range o.phases {
		usageDir := filepath.Join(dir, "usage-"+phase)
		if err := os.Mkdir(usageDir, 0o700); err != nil {
			return err
		}
		env := w.Env(mock, "TF_LOG=", "TF_LOG_PROVIDER=", "PLATFORM_PROVIDER_RUSAGE_DIR="+usageDir)
		before, err := stats(mock.URL)
		if err != nil {
			return err
		}
		start := time.Now()
		code, err := w.Terraform(ctx, dir, env, io.Discard, commands[phase]...)
		elapsed := time.Since(start)
		if err != nil {
			return err
		}
		if code != 0 {
			return fmt.Errorf("%s: terraform exited with %d", phase, code)
		}
		after, err := stats(mock.URL)
		if err != nil {
			return err
		}
		u, err := readUsage(usageDir)
		if err != nil {
			return err
		}
		r.times[phase] = append(r.times[phase], elapsed)
		r.cpu[phase] = append(r.cpu[phase], u.cpuSeconds/float64(n))
		r.peakRSS[phase] = max(r.peakRSS[phase], u.maxRSSKB)
		if phase == "create" {
			if fi, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); err == nil {
				r.stateKB = float64(fi.Size()) / 1024 / float64(n)
			}
		}
		r.requests[phase] = total(after, "") - total(before, "")
		r.reads[phase] = total(after, "GET ") - total(before, "GET ")
	}
	return nil
}

func stats(url string) (map[string]int, error) {
	resp, err := http.Get(url + "/_mock/stats")
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	var out map[string]int
	return out, json.NewDecoder(resp.Body).Decode(&out)
}

// total sums the counters whose key starts with prefix ("" for all).
func total(m map[string]int, prefix string) int {
	t := 0
	for k, v := range m {
		if strings.HasPrefix(k, prefix) {
			t += v
		}
	}
	return t
}

func writeSeed(dir string, n int) (string, error) {
	cfg := mockplatform.DemoConfig()
	p := mockplatform.Project{Name: "bench", Environments: []string{"test", "production"}}
	for i := range n {
		p.Proxies = append(p.Proxies, mockplatform.Proxy{Name: fmt.Sprintf("proxy-%d", i), APIType: "REST"})
	}
	cfg.Projects = append(cfg.Projects, p)
	b, err := json.Marshal(cfg)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "bench-seed.json")
	return path, os.WriteFile(path, b, 0o600)
}
