package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// nullFloorConfig is null_resource whose state per resource is about the
// size of the resource's own: a triggers map with the generation, the index
// and a padding string. null keeps its triggers once, so its padding is
// about twice terraform_data's for the same state size.
func nullFloorConfig(padding int) func(n int) string {
	return func(n int) string {
		return genVar + fmt.Sprintf(`
terraform {
  required_providers {
    null = {
      source = "hashicorp/null"
    }
  }
}

locals {
  pad = %q
}

resource "null_resource" "f" {
  count = %d
  triggers = {
    gen = var.gen
    i   = count.index
    pad = local.pad
  }
}
`, strings.Repeat("x", padding), n)
	}
}

// nullProvider builds hashicorp/terraform-provider-null from the Go module
// proxy (internal/tools/null) into a cache outside the repository, once, and
// returns the directory that holds it, for dev_overrides.
func nullProvider(ctx context.Context, root string) (string, error) {
	toolDir := filepath.Join(root, "internal", "tools", "null")
	mod, err := os.ReadFile(filepath.Join(toolDir, "go.mod")) //nolint:gosec // the repository's own file
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)github\.com/hashicorp/terraform-provider-null (v\S+)`).FindSubmatch(mod)
	if m == nil {
		return "", fmt.Errorf("%s names no terraform-provider-null version", toolDir)
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		cache = filepath.Join(home, ".cache")
	}
	dir := filepath.Join(cache, "terraform-provider-platform", "null-"+string(m[1]))
	bin := filepath.Join(dir, "terraform-provider-null")
	if _, err := os.Stat(bin); err == nil {
		return dir, nil
	}
	fmt.Printf("==> building terraform-provider-null %s from the Go module proxy into %s\n", m[1], dir)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir, cmd.Stdout, cmd.Stderr = toolDir, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building terraform-provider-null: %w", err)
	}
	return dir, nil
}
