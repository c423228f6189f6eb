package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// -baseline measures the provider as built at another revision beside
// this one, in the same run: a change's cost is read side by side, with
// the same machine load, rather than against a number from another day.

// baseline is the revision -baseline names, "" for none.
var baseline string

// baselineSource is the baseline build's provider source, which its
// configurations name under the local name platform.
const baselineSource = "baseline/platform"

// withBaseline adds, after each provider kind, the same kind served by the
// baseline build.
func withBaseline(ks []kind) []kind {
	if baseline == "" {
		return ks
	}
	out := make([]kind, 0, 2*len(ks))
	for _, k := range ks {
		out = append(out, k)
		if strings.HasPrefix(k.name, "platform_") {
			out = append(out, kind{name: k.name + " @ " + baseline, config: atBaseline(k)})
		}
	}
	return out
}

// atBaseline is k's configuration in the baseline build's syntax (legacy,
// where the kind has one), with the platform local name bound to that build.
func atBaseline(k kind) func(n int) string {
	config := k.config
	if k.legacy != nil {
		config = k.legacy
	}
	return func(n int) string {
		return strings.Replace(config(n), `source = "apiplatform/platform"`, `source = "`+baselineSource+`"`, 1)
	}
}

// baselineOf is the kind a baseline kind measures against, "" for others.
func baselineOf(k string) string {
	if baseline == "" || !strings.HasSuffix(k, " @ "+baseline) {
		return ""
	}
	return strings.TrimSuffix(k, " @ "+baseline)
}

// baselineProvider builds the provider at rev into a directory of dir, as
// terraform-provider-platform for dev_overrides, from a detached worktree.
func baselineProvider(ctx context.Context, root, dir, rev string) (string, error) {
	src := filepath.Join(dir, "baseline-src")
	out := filepath.Join(dir, "baseline")
	fmt.Printf("==> building the provider at %s\n", rev)
	steps := [][]string{
		{"git", "worktree", "add", "--detach", "--force", src, rev},
		{"go", "build", "-o", filepath.Join(out, "terraform-provider-platform"), "."},
		{"git", "worktree", "remove", "--force", src},
	}
	for i, args := range steps {
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, os.Stderr, os.Stderr
		if i == 1 {
			cmd.Dir = src
		}
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("building the baseline %s: %s: %w", rev, strings.Join(args, " "), err)
		}
	}
	return out, nil
}
