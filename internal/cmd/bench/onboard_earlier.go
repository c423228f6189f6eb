package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// The onboard module's earlier form, measured beside the module as it is:
// until issue 29 it read every API's versions through one
// platform_api_versions instance per API, which cost Terraform a data
// source instance to walk, plan and store each (22.7 s at 1,000 APIs on a
// quiet machine, where the requests took under a second); it now reads
// them in one platform_apis read (include_versions). Both forms must write
// the same import blocks, but for the AI proxies' routings, which only the
// earlier form wrote (their routing is not managed here).

// onboardOld is the revision of the earlier form: -onboard-old, else the
// parent of the commit that stopped reading versions through one
// platform_api_versions per API.
var onboardOld string

const (
	moduleCurrentName = "onboard module: `terraform apply`"
	moduleEarlierName = "onboard module before issue 29 (one `platform_api_versions` per API): `terraform apply`"
)

// earlierModulePath is the earlier form as a path of onboardPaths: the
// module's files as they were at the earlier revision, run as the module
// is.
func earlierModulePath(root string, current onboardPath) onboardPath {
	p := current
	p.name = moduleEarlierName
	p.what = "the same `import_blocks`, and the AI proxies' routings, whose import fails"
	p.setup = func(dir string, _ []string) error {
		rev, err := earlierRevision(root)
		if err != nil {
			return err
		}
		for _, f := range []string{"main.tf", "outputs.tf", "variables.tf", "versions.tf"} {
			text, err := gitOutput(root, "show", rev+":examples/modules/onboard/"+f)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o600); err != nil {
				return err
			}
		}
		return nil
	}
	return p
}

func earlierRevision(root string) (string, error) {
	if onboardOld != "" {
		return onboardOld, nil
	}
	out, err := gitOutput(root, "log", "-1", "--format=%H", `-Sdata "platform_api_versions" "each"`, "--",
		"examples/modules/onboard/main.tf")
	if err != nil {
		return "", fmt.Errorf("finding the onboard module's earlier form (give -onboard-old): %w", err)
	}
	if strings.TrimSpace(out) == "" {
		return "", errors.New("no commit replaced the onboard module's platform_api_versions: give -onboard-old")
	}
	return strings.TrimSpace(out) + "^", nil
}

func gitOutput(root string, args ...string) (string, error) {
	cmd := exec.CommandContext(context.Background(), "git", args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

var importID = regexp.MustCompile(`(?m)^  to = (\S+)\n  id = "([^"\n]*)"$`)

// sameImports checks that the module's two forms wrote the same import
// blocks, but for the routings of the estate's AI proxies, which only the
// earlier form wrote.
func sameImports(rs []*onboardResult, estate mockplatform.Estate) error {
	var current, earlier *onboardResult
	for _, r := range rs {
		switch r.path.name {
		case moduleCurrentName:
			current = r
		case moduleEarlierName:
			earlier = r
		}
	}
	if current == nil || earlier == nil {
		return nil
	}
	projects := mockplatform.EstateProjects(estate.Projects)
	var ai []string
	for i := range estate.AIProxies {
		ai = append(ai, fmt.Sprintf("%s/ai-%d", projects[i%len(projects)], i))
	}
	imports := func(blocks string, skip []string) []string {
		var out []string
		for _, m := range importID.FindAllStringSubmatch(blocks, -1) {
			if !slices.Contains(skip, m[2]) {
				out = append(out, m[1]+" "+m[2])
			}
		}
		return out
	}
	now, before := imports(current.blocks, nil), imports(earlier.blocks, ai)
	if len(now) == 0 || !slices.Equal(now, before) {
		return fmt.Errorf("the onboard module's two forms wrote different imports: %d now, %d before (AI proxies' routings aside)",
			len(now), len(before))
	}
	current.imports, earlier.imports = len(now), len(imports(earlier.blocks, nil))
	return nil
}

// renderModuleSpeedup says how much faster the module's apply is than its
// earlier form's, at each size.
func renderModuleSpeedup(b *strings.Builder, rs []*onboardResult) {
	for _, r := range rs {
		if r.path.name != moduleCurrentName || r.imports == 0 {
			continue
		}
		for _, e := range rs {
			if e.path.name == moduleEarlierName && e.apis == r.apis {
				fmt.Fprintf(b, "\nAt %d APIs the module's apply takes %.2fs where its earlier form took %.2fs (%.1f× faster), with "+
					"the same %d requests and the same %d import blocks (the earlier form also wrote the %d AI proxies' routings, "+
					"%d blocks in all).\n", r.apis, median(r.times).Seconds(), median(e.times).Seconds(),
					median(e.times).Seconds()/median(r.times).Seconds(), r.requests, r.imports, e.imports-r.imports, e.imports)
			}
		}
	}
}
