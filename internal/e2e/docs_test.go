package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

// Every HCL example of README.md, docs/ and examples/ runs as a reader
// would run it against make mock's platform (the demo platform on the
// routing vendor's current release), with the real CLI: plan, apply, a plan
// that shows no changes and no warning the page does not announce, and
// destroy; a guide's steps one after another in one directory. Each runs
// against its own mock, in parallel. The markers the test reads are
// described in docs_snippets_test.go. The list of what ran, and how, is
// logged as "docs-example:" lines (make test prints them).
func TestDocsExamples(t *testing.T) { runDocsExamples(t, false) }

// The examples that need Terraform 1.14 (list resources with terraform
// query, actions), and again those that need 1.12 (imports by identity):
// make testacc-1.14 runs them; on an older CLI each is listed as skipped.
func TestDocsExamples_TF114(t *testing.T) { runDocsExamples(t, true) }

// docCase is what one subtest runs: one snippet, or a guide's steps.
type docCase struct {
	title string
	steps []*snippet
	named map[string]*snippet
}

// docResult is one line of the list the test prints.
type docResult struct {
	title, sources, outcome string
}

func runDocsExamples(t *testing.T, tf114 bool) {
	if ws == nil {
		t.Skip("TF_ACC is not set")
	}
	root := repoRoot(t)
	snippets, err := collectSnippets(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(snippets) < 30 {
		t.Fatalf("found only %d snippets", len(snippets))
	}
	cases := docCases(t, snippets)
	cli114, cli112 := cliAtLeast(t, 14), cliAtLeast(t, 12)
	var mu sync.Mutex
	var results []docResult
	record := func(c *docCase, outcome string) {
		var where []string
		for _, s := range c.steps {
			for _, src := range s.sources {
				if src != c.title {
					where = append(where, src)
				}
			}
		}
		mu.Lock()
		results = append(results, docResult{c.title, strings.Join(where, ", "), outcome})
		mu.Unlock()
	}
	t.Cleanup(func() {
		sort.Slice(results, func(i, j int) bool { return results[i].title < results[j].title })
		t.Logf("docs-example: %d snippets:", len(results))
		for _, r := range results {
			also := ""
			if r.sources != "" {
				also = " [also " + r.sources + "]"
			}
			t.Logf("docs-example: %-58s %s%s", r.title, r.outcome, also)
		}
	})
	for _, c := range cases {
		// The 1.14 tier also runs the imports by identity, which the CLI
		// on PATH may be too old for.
		if !inTier(c.steps[0], tf114) {
			continue
		}
		t.Run(subtestName(c.title), func(t *testing.T) {
			t.Parallel()
			outcome := "FAILED"
			defer func() {
				if t.Skipped() {
					outcome = "skipped: " + outcome
				}
				record(c, outcome)
			}()
			switch first := c.steps[0]; {
			case first.marks.skip != "":
				outcome = first.marks.skip
				t.Skip(first.marks.skip)
			case first.needs114() && !cli114:
				outcome = "needs Terraform 1.14 (make testacc-1.14 runs it)"
				t.Skip(outcome)
			case first.importsByIdentity() && !cli112:
				outcome = "an import by identity needs Terraform 1.12 or OpenTofu 1.12"
				t.Skip(outcome)
			case first.marks.cliConfig:
				outcome = runCLIConfig(t, first)
			case first.marks.validateOnly != "":
				outcome = runValidateOnly(t, c, first)
			case first.isQuery():
				outcome = runQuery(t, c, first)
			default:
				outcome = runSteps(t, c)
			}
		})
	}
}

// inTier reports whether a snippet runs in the 1.14 tier or the other.
func inTier(s *snippet, tf114 bool) bool {
	if tf114 {
		return s.needs114() || s.importsByIdentity()
	}
	return !s.needs114()
}

// subtestName keeps go test's -run patterns usable: no slashes or spaces.
func subtestName(title string) string {
	return strings.NewReplacer("/", "_", " ", "_", ":", "_L").Replace(title)
}

// docCases groups the snippets: a guide's steps into one case, fragments
// into the snippet they complete.
func docCases(t *testing.T, snippets []*snippet) []*docCase {
	t.Helper()
	named := map[string]*snippet{}
	for _, s := range snippets {
		if n := s.marks.name; n != "" {
			if named[n] != nil {
				t.Fatalf("two snippets are named %q: %s and %s", n, named[n].title(), s.title())
			}
			named[n] = s
		}
	}
	guides := map[string]*docCase{}
	var cases []*docCase
	for _, s := range snippets {
		if w := s.marks.with; w != "" && named[w] == nil {
			t.Fatalf("%s: with=%q names no snippet", s.title(), w)
		}
		if err := checkModuleSources(s); err != nil {
			t.Errorf("%s: %v", s.title(), err)
		}
		if g := s.marks.of; g != "" {
			c := guides[g]
			if c == nil {
				c = &docCase{title: "guide " + g, named: named}
				guides[g] = c
				cases = append(cases, c)
			}
			c.steps = append(c.steps, s)
			continue
		}
		cases = append(cases, &docCase{title: s.title(), steps: []*snippet{s}, named: named})
	}
	for g, c := range guides {
		sort.SliceStable(c.steps, func(i, j int) bool { return c.steps[i].marks.step < c.steps[j].marks.step })
		for i, s := range c.steps {
			if s.marks.step != i+1 {
				t.Fatalf("guide %s: step %d is missing (found %s as step %d)", g, i+1, s.title(), s.marks.step)
			}
		}
	}
	return cases
}

// repoSourceRE is a module source in this repository as someone outside it
// writes it; inside it, examples use the module beside them.
var repoSourceRE = regexp.MustCompile(`(?m)^\s*source\s*=\s*"git::https://github\.com/apiplatform/terraform-provider-platform\.git//([^"?]+)[^"]*"`)

// checkModuleSources: a configuration file in examples/ uses local module
// sources, so that terraform get in the clone reads the module beside it.
// A README shows the git source, the one to copy.
func checkModuleSources(s *snippet) error {
	if s.isFile && repoSourceRE.MatchString(s.text) && strings.HasPrefix(s.sources[0], "examples/") &&
		strings.HasSuffix(s.sources[0], ".tf") {
		return fmt.Errorf("uses this repository's git source: in-repo examples use a local source (../../modules/…)")
	}
	return nil
}

var localSourceRE = regexp.MustCompile(`(source\s*=\s*")(\.\.?/[^"]*)"`)

// configFor is the text of a snippet as it is run: a fragment inside the
// snippet it completes, module sources resolved to this clone.
// with is the snippet run beside it, if any; homes are the snippets whose
// files it needs.
func configFor(t *testing.T, c *docCase, s *snippet) (main string, with *snippet, homes []*snippet) {
	t.Helper()
	text, homes := s.text, []*snippet{s}
	if s.marks.with != "" {
		with = c.named[s.marks.with]
		homes = append(homes, with)
		if s.marks.partial {
			var err error
			if text, err = insertInto(with.text, s.marks.inside, s.text); err != nil {
				t.Fatalf("%s: %v", s.title(), err)
			}
			return resolveSources(t, text, with.dir), nil, homes
		}
	}
	return resolveSources(t, text, s.dir), with, homes
}

func resolveSources(t *testing.T, text, dir string) string {
	root := repoRoot(t)
	text = repoSourceRE.ReplaceAllStringFunc(text, func(m string) string {
		return `  source = "` + filepath.Join(root, repoSourceRE.FindStringSubmatch(m)[1]) + `"`
	})
	return localSourceRE.ReplaceAllStringFunc(text, func(m string) string {
		sub := localSourceRE.FindStringSubmatch(m)
		return sub[1] + filepath.Join(dir, sub[2]) + `"`
	})
}

// writeSnippet lays one step out in dir: its configuration, what it is run
// with, the files beside it, and the provider's source when it names none.
func writeSnippet(t *testing.T, c *docCase, s *snippet, dir string) (config string) {
	t.Helper()
	old, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	queries, _ := filepath.Glob(filepath.Join(dir, "*.tfquery.hcl"))
	for _, f := range append(old, queries...) {
		if filepath.Base(f) != "generated.tf" {
			_ = os.Remove(f)
		}
	}
	main, with, homes := configFor(t, c, s)
	name := "main.tf"
	if s.isQuery() {
		name = "main.tfquery.hcl"
	}
	writeFile(t, filepath.Join(dir, name), main)
	config = main
	if with != nil {
		text := resolveSources(t, with.text, with.dir)
		writeFile(t, filepath.Join(dir, "with.tf"), text)
		config += text
	}
	for _, h := range homes {
		if h.isFile {
			copyOtherFiles(t, h.dir, dir)
		}
		for _, f := range h.marks.files {
			b, err := os.ReadFile(filepath.Join(repoRoot(t), f))
			if err != nil {
				t.Fatalf("%s: files=%s: %v", s.title(), f, err)
			}
			writeFile(t, filepath.Join(dir, filepath.Base(f)), string(b))
		}
	}
	if !strings.Contains(config, "required_providers") {
		writeFile(t, filepath.Join(dir, "docs_test_versions.tf"), requiredProviders)
	}
	return config
}

// docsPlatform is make mock's platform, for one snippet.
func docsPlatform(t *testing.T) *platform {
	cfg := mockplatform.DemoConfig()
	cfg.LatestManager = true
	run := mockplatform.Start(t, cfg)
	return &platform{Running: run, mock: &tfrun.Mock{URL: run.URL}}
}

// runSteps applies each step and plans it clean, then destroys.
func runSteps(t *testing.T, c *docCase) string {
	p := docsPlatform(t)
	dir := t.TempDir()
	var did []string
	for i, s := range c.steps {
		config := writeSnippet(t, c, s, dir)
		if s.marks.replace != "" {
			replaceFromState(t, dir, s)
		}
		if strings.Contains(config, "module \"") {
			docTerraform(t, p, s, dir, false, "get")
		}
		plan := []string{"plan", "-input=false", "-out=tfplan"}
		if importsWithoutConfig(config) {
			plan = append(plan, "-generate-config-out=generated.tf")
			did = append(did, "generated config")
		}
		docTerraform(t, p, s, dir, true, plan...)
		docTerraform(t, p, s, dir, true, "apply", "-input=false", "tfplan")
		out := docTerraform(t, p, s, dir, true, "plan", "-input=false", "-detailed-exitcode")
		if !strings.Contains(out, "No changes.") {
			t.Fatalf("%s: the plan after apply is not \"No changes.\":\n%s", s.title(), tail(out))
		}
		step := "plan, apply, plan clean"
		if len(c.steps) > 1 {
			step = fmt.Sprintf("step %d (%s): %s", i+1, s.title(), step)
		}
		did = append(did, step)
	}
	docTerraform(t, p, c.steps[len(c.steps)-1], dir, false, "destroy", "-auto-approve", "-input=false")
	did = append(did, "destroy")
	if w := c.steps[0].marks.expectWarnings; len(w) > 0 {
		did = append(did, fmt.Sprintf("warning expected: %q", w))
	}
	return "ran: " + strings.Join(did, ", ")
}

// runValidateOnly validates a snippet that cannot run against the mock.
func runValidateOnly(t *testing.T, c *docCase, s *snippet) string {
	p := docsPlatform(t)
	dir := t.TempDir()
	if config := writeSnippet(t, c, s, dir); strings.Contains(config, "module \"") {
		docTerraform(t, p, s, dir, false, "get")
	}
	docTerraform(t, p, s, dir, true, "validate")
	return "validated only: " + s.marks.validateOnly
}

// runQuery runs a list resource configuration with terraform query.
func runQuery(t *testing.T, c *docCase, s *snippet) string {
	p := docsPlatform(t)
	dir := t.TempDir()
	writeSnippet(t, c, s, dir)
	docTerraform(t, p, s, dir, true, "query")
	return "ran: terraform query"
}

// runCLIConfig checks a CLI configuration the docs show: the CLI reads it
// without complaint, and a dev_overrides one (its path pointed at this
// build) serves the provider to a plan.
func runCLIConfig(t *testing.T, s *snippet) string {
	p := docsPlatform(t)
	dir := t.TempDir()
	text := regexp.MustCompile(`("apiplatform/platform"\s*=\s*)"[^"]*"`).ReplaceAllString(s.text, `$1"`+ws.BinDir+`"`)
	cfgFile := filepath.Join(dir, "cli.tfrc")
	writeFile(t, cfgFile, text)
	env := []string{"TF_CLI_CONFIG_FILE=" + cfgFile}
	code, out := p.terraform(t, dir, env, "version")
	if code != 0 || strings.Contains(out, "problems with the CLI configuration") {
		t.Fatalf("%s: terraform version with it exited %d:\n%s", s.title(), code, out)
	}
	if !strings.Contains(text, "dev_overrides") {
		return "CLI configuration read without complaint"
	}
	writeFile(t, filepath.Join(dir, "main.tf"), requiredProviders+`
data "platform_api_proxy" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
}
`)
	if code, out := p.terraform(t, dir, env, "plan", "-input=false"); code != 0 {
		t.Fatalf("%s: a plan with it exited %d:\n%s", s.title(), code, out)
	}
	return "CLI configuration: a plan through its dev_overrides, no init"
}

// importsWithoutConfig reports whether a configuration has import blocks
// whose resources it does not write: the page's -generate-config-out.
func importsWithoutConfig(config string) bool {
	for _, m := range regexp.MustCompile(`(?m)^\s*to\s*=\s*([a-z0-9_]+)\.([A-Za-z0-9_-]+)`).FindAllStringSubmatch(config, -1) {
		if !strings.Contains(config, fmt.Sprintf("resource %q %q", m[1], m[2])) {
			return true
		}
	}
	return false
}

// docTerraform runs one command; it must succeed, and, when checked, print
// no warning but those the snippet's page announces.
func docTerraform(t *testing.T, p *platform, s *snippet, dir string, check bool, args ...string) string {
	t.Helper()
	code, out := p.terraform(t, dir, nil, args...)
	if code != 0 {
		t.Fatalf("%s: terraform %s exited %d:\n%s", s.title(), strings.Join(args, " "), code, tail(out))
	}
	if check {
		for _, w := range warnings(out) {
			if !expected(w, s.marks.expectWarnings) {
				t.Fatalf("%s: terraform %s warned %q, which the page does not announce (marker expect-warning=\"...\"):\n%s",
					s.title(), strings.Join(args, " "), w, tail(out))
			}
		}
	}
	return out
}

var warningRE = regexp.MustCompile(`(?m)^[│ ]*Warning: (.+)$`)

// terraformsOwn are the warnings the CLI prints about itself: every run
// with dev_overrides, and every -generate-config-out.
var terraformsOwn = []string{"Provider development overrides are in effect", "Config generation is experimental"}

// warnings are the titles of the warnings in out, but the CLI's own.
func warnings(out string) []string {
	var ws []string
	for _, m := range warningRE.FindAllStringSubmatch(out, -1) {
		if w := strings.TrimSpace(m[1]); !expected(w, terraformsOwn) {
			ws = append(ws, w)
		}
	}
	return ws
}

func expected(w string, allowed []string) bool {
	for _, a := range allowed {
		if strings.Contains(w, a) {
			return true
		}
	}
	return false
}

// replaceFromState puts the value an earlier step made where the page
// shows a placeholder.
func replaceFromState(t *testing.T, dir string, s *snippet) {
	t.Helper()
	parts := strings.Split(s.marks.fromState, ".")
	if len(parts) != 3 {
		t.Fatalf("%s: from-state=%q: want TYPE.NAME.ATTRIBUTE", s.title(), s.marks.fromState)
	}
	b, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	value := ""
	for _, r := range st.Resources {
		if r.Type == parts[0] && r.Name == parts[1] && len(r.Instances) == 1 {
			value = fmt.Sprint(r.Instances[0].Attributes[parts[2]])
		}
	}
	if value == "" {
		t.Fatalf("%s: no %s in the state of the step before", s.title(), s.marks.fromState)
	}
	main := filepath.Join(dir, "main.tf")
	text, _ := os.ReadFile(main)
	if !strings.Contains(string(text), s.marks.replace) {
		t.Fatalf("%s: the page no longer shows %q", s.title(), s.marks.replace)
	}
	writeFile(t, main, strings.ReplaceAll(string(text), s.marks.replace, value))
}
