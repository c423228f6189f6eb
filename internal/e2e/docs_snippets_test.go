package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The examples of README.md, docs/ and examples/, as the docs test finds
// them. The markers it reads are written right before a fence as
//
//	<!-- docs-test: KEY=VALUE KEY="quoted \"value\"" FLAG -->
//
// (blank lines between are allowed), and in an examples/ .tf file as a
// line "# docs-test: ..." anywhere in it. docs/ repeats what examples/
// holds: one snippet is run once, with the markers of every place it
// appears. The keys:
//
//	name=N                  others can refer to this snippet as N
//	with=N                  run N's configuration beside this one (one directory)
//	partial                 a fragment: it is inserted into the block inside= names
//	inside="HEADER"         of the snippet with= names, replacing the arguments it sets
//	step=K of=GUIDE         step K of a guide: the steps run in order in one directory
//	replace="TEXT" from-state=ADDR.ATTR
//	                        TEXT stands for a value an earlier step made: the test
//	                        puts that attribute of the state in its place
//	files="a,b"             repository files the configuration reads, copied beside it
//	expect-warning="TEXT"   a warning the page says to expect (any other fails)
//	needs="terraform>=1.14" run only on that CLI (list resources, actions)
//	validate-only reason=".." only validated: it cannot run against the mock
//	cli-config              a CLI configuration, checked with terraform version
//	skip reason=".."        not run at all, used only where nothing else works

// snippet is one example as the test runs it.
type snippet struct {
	text    string
	sources []string // "README.md:120", "docs/resources/api.md:30", "examples/…/resource.tf"
	dir     string   // the repository directory of its first source
	isFile  bool     // an examples/ .tf file rather than a fence
	marks   marks
}

type marks struct {
	name, with, inside, of, needs, replace, fromState string
	skip, validateOnly                                string
	partial, cliConfig                                bool
	step                                              int
	files, expectWarnings                             []string
}

// title names the snippet by where it first appears.
func (s *snippet) title() string { return s.sources[0] }

// markerRE finds a marker comment in Markdown and in HCL.
var (
	mdMarkerRE  = regexp.MustCompile(`^\s*<!--\s*docs-test:(.*?)-->\s*$`)
	tfMarkerRE  = regexp.MustCompile(`(?m)^\s*#\s*docs-test:(.*)$`)
	fenceOpenRE = regexp.MustCompile("^(\\s*)```(hcl|terraform|tf)\\s*$")
	fenceEndRE  = regexp.MustCompile("^\\s*```\\s*$")
	tokenRE     = regexp.MustCompile(`([a-z-]+)(?:=("(?:[^"\\]|\\.)*"|\S+))?`)
)

// parseMarks reads the keys of one or more marker texts into m.
func parseMarks(m *marks, text string) error {
	for _, tok := range tokenRE.FindAllStringSubmatch(text, -1) {
		key, val := tok[1], tok[2]
		if strings.HasPrefix(val, `"`) {
			v, err := strconv.Unquote(val)
			if err != nil {
				return fmt.Errorf("marker %q: %w", tok[0], err)
			}
			val = v
		}
		switch key {
		case "name":
			m.name = val
		case "with":
			m.with = val
		case "partial":
			m.partial = true
		case "inside":
			m.inside = val
		case "step":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return fmt.Errorf("marker step=%q: want 1, 2, …", val)
			}
			m.step = n
		case "of":
			m.of = val
		case "replace":
			m.replace = val
		case "from-state":
			m.fromState = val
		case "files":
			m.files = append(m.files, strings.Split(val, ",")...)
		case "expect-warning":
			m.expectWarnings = append(m.expectWarnings, val)
		case "needs":
			m.needs = val
		case "validate-only":
			m.validateOnly = "validated only"
		case "skip":
			m.skip = "skipped"
		case "reason":
			switch {
			case m.skip != "":
				m.skip = val
			case m.validateOnly != "":
				m.validateOnly = val
			default:
				return fmt.Errorf("marker reason=%q: reason goes after skip or validate-only", val)
			}
		case "cli-config":
			m.cliConfig = true
		default:
			return fmt.Errorf("marker key %q is not one the docs test knows", key)
		}
	}
	if (m.step > 0) != (m.of != "") || (m.partial && (m.with == "" || m.inside == "")) || (m.replace != "") != (m.fromState != "") {
		return fmt.Errorf("marker %q: step goes with of, partial with with and inside, replace with from-state", text)
	}
	return nil
}

// merge adds what another appearance of the same snippet says.
func (m *marks) merge(o marks) {
	pick := func(a *string, b string) {
		if *a == "" {
			*a = b
		}
	}
	pick(&m.name, o.name)
	pick(&m.with, o.with)
	pick(&m.inside, o.inside)
	pick(&m.of, o.of)
	pick(&m.needs, o.needs)
	pick(&m.replace, o.replace)
	pick(&m.fromState, o.fromState)
	pick(&m.skip, o.skip)
	pick(&m.validateOnly, o.validateOnly)
	m.partial = m.partial || o.partial
	m.cliConfig = m.cliConfig || o.cliConfig
	if m.step == 0 {
		m.step = o.step
	}
	for _, f := range o.files {
		if !slices.Contains(m.files, f) {
			m.files = append(m.files, f)
		}
	}
	for _, w := range o.expectWarnings {
		if !slices.Contains(m.expectWarnings, w) {
			m.expectWarnings = append(m.expectWarnings, w)
		}
	}
}

// collectSnippets finds every example under root, deduplicated.
func collectSnippets(root string) ([]*snippet, error) {
	var found []*snippet
	var mds, tfs []string
	mds = append(mds, filepath.Join(root, "README.md"))
	for _, top := range []string{"docs", "examples"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			switch {
			case d.IsDir() && (d.Name() == ".terraform" || d.Name() == "tests"):
				return filepath.SkipDir
			case d.IsDir():
			case strings.HasSuffix(path, ".md"):
				mds = append(mds, path)
			case top == "examples" && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfquery.hcl")) && !isModuleSource(rel):
				tfs = append(tfs, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, md := range mds {
		s, err := markdownSnippets(root, md)
		if err != nil {
			return nil, err
		}
		found = append(found, s...)
	}
	for _, tf := range tfs {
		s, err := fileSnippet(root, tf)
		if err != nil {
			return nil, err
		}
		found = append(found, s)
	}
	return dedupe(found), nil
}

// isModuleSource is a file of a module under examples/modules: modules run
// through their callers (their example/ and the READMEs), not on their own.
func isModuleSource(rel string) bool {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	return len(parts) == 4 && parts[0] == "examples" && parts[1] == "modules"
}

// markdownSnippets reads the HCL fences of one Markdown file with the
// markers right before each.
func markdownSnippets(root, path string) ([]*snippet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rel, _ := filepath.Rel(root, path)
	lines := strings.Split(string(b), "\n")
	var out []*snippet
	var pending marks
	havePending := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := mdMarkerRE.FindStringSubmatch(line); m != nil {
			if err := parseMarks(&pending, m[1]); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", rel, i+1, err)
			}
			havePending = true
			continue
		}
		open := fenceOpenRE.FindStringSubmatch(line)
		if open == nil {
			if strings.TrimSpace(line) != "" {
				pending, havePending = marks{}, false
			}
			continue
		}
		indent := open[1]
		start := i + 1
		var body []string
		for i++; i < len(lines) && !fenceEndRE.MatchString(lines[i]); i++ {
			body = append(body, strings.TrimPrefix(lines[i], indent))
		}
		s := &snippet{text: normalize(strings.Join(body, "\n")), sources: []string{fmt.Sprintf("%s:%d", filepath.ToSlash(rel), start)},
			dir: filepath.Dir(path)}
		if havePending {
			s.marks = pending
		}
		out = append(out, s)
		pending, havePending = marks{}, false
	}
	return out, nil
}

// fileSnippet reads one examples/ configuration file.
func fileSnippet(root, path string) (*snippet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rel, _ := filepath.Rel(root, path)
	s := &snippet{text: normalize(string(b)), sources: []string{filepath.ToSlash(rel)}, dir: filepath.Dir(path), isFile: true}
	for _, m := range tfMarkerRE.FindAllStringSubmatch(string(b), -1) {
		if err := parseMarks(&s.marks, m[1]); err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
	}
	return s, nil
}

// normalize drops trailing spaces and blank lines at either end, so that a
// file and the fence tfplugindocs made of it are one snippet.
func normalize(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n") + "\n"
}

// dedupe keeps one snippet per text, with every place it appears and the
// markers of each. An examples/ file wins as the snippet's home, so that
// the files beside it are found.
func dedupe(all []*snippet) []*snippet {
	byText := map[string]*snippet{}
	var out []*snippet
	for _, s := range all {
		first, ok := byText[s.text]
		if !ok {
			byText[s.text] = s
			out = append(out, s)
			continue
		}
		first.sources = append(first.sources, s.sources...)
		first.marks.merge(s.marks)
		if s.isFile && !first.isFile {
			first.dir, first.isFile = s.dir, true
		}
	}
	for _, s := range out {
		// The home file first, then the pages in a stable order.
		sort.SliceStable(s.sources, func(i, j int) bool { return isHomeFile(s.sources[i]) && !isHomeFile(s.sources[j]) })
	}
	return out
}

// isHomeFile is an examples/ configuration file, where a snippet lives.
func isHomeFile(source string) bool {
	return strings.HasPrefix(source, "examples/") && !strings.Contains(source, ".md:")
}

// needs114 reports whether a snippet needs Terraform 1.14: list resources
// (terraform query) and actions, or a marker that says so.
func (s *snippet) needs114() bool {
	return s.marks.needs == "terraform>=1.14" || s.isQuery() ||
		regexp.MustCompile(`(?m)^\s*(action\s+"|action_trigger\s*\{)`).MatchString(s.text)
}

// importsByIdentity is an import block that names its resource by
// identity (Terraform 1.12, OpenTofu 1.12).
func (s *snippet) importsByIdentity() bool {
	return regexp.MustCompile(`(?m)^\s*identity\s*=\s*\{`).MatchString(s.text) && strings.Contains(s.text, "import {")
}

// isQuery is a list resource configuration, run with terraform query.
func (s *snippet) isQuery() bool {
	return strings.HasSuffix(s.sources[0], ".tfquery.hcl") || regexp.MustCompile(`(?m)^\s*list\s+"`).MatchString(s.text)
}

// insertInto puts a partial snippet into the block of base whose first
// line is header, dropping the single-line arguments of that block which
// the fragment sets again.
func insertInto(base, header, fragment string) (string, error) {
	lines := strings.Split(base, "\n")
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), header) })
	if start < 0 {
		return "", fmt.Errorf("no block %q to insert the fragment into", header)
	}
	sets := map[string]bool{}
	argRE := regexp.MustCompile(`^\s*([a-z_][a-z0-9_]*)\s*=`)
	for _, l := range strings.Split(fragment, "\n") {
		if m := argRE.FindStringSubmatch(l); m != nil {
			sets[m[1]] = true
		}
	}
	depth := 0
	var out []string
	out = append(out, lines[:start]...)
	for i := start; i < len(lines); i++ {
		l := lines[i]
		if depth == 1 {
			if m := argRE.FindStringSubmatch(l); m != nil && sets[m[1]] && strings.Count(l, "{") == strings.Count(l, "}") &&
				strings.Count(l, "[") == strings.Count(l, "]") {
				continue
			}
		}
		depth += strings.Count(l, "{") - strings.Count(l, "}")
		if depth == 0 && i > start {
			out = append(out, strings.TrimRight(fragment, "\n"), l)
			out = append(out, lines[i+1:]...)
			return strings.Join(out, "\n"), nil
		}
		out = append(out, l)
	}
	return "", fmt.Errorf("block %q does not end", header)
}

// TestDocsMarkers: the marker parser and the fragment insertion.
func TestDocsMarkers(t *testing.T) {
	var m marks
	if err := parseMarks(&m, ` step=2 of=canary expect-warning="Weight has \"no\" effect" files=a.yaml,b.yaml `); err != nil ||
		m.step != 2 || m.of != "canary" || m.expectWarnings[0] != `Weight has "no" effect` || len(m.files) != 2 {
		t.Fatalf("%+v %v", m, err)
	}
	for _, bad := range []string{"step=2", "frobnicate", "partial with=x", "reason=x", "replace=x"} {
		if err := parseMarks(&marks{}, bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	base := "resource \"a\" \"b\" {\n  x = 1\n  y = [\"p\"]\n  block {\n    x = 2\n  }\n}\n"
	got, err := insertInto(base, `resource "a" "b"`, "  y = [\"q\"]\n  t {}\n")
	want := "resource \"a\" \"b\" {\n  x = 1\n  block {\n    x = 2\n  }\n  y = [\"q\"]\n  t {}\n}\n"
	if err != nil || got != want {
		t.Fatalf("insertInto:\n%s\nwant:\n%s (%v)", got, want, err)
	}
}
