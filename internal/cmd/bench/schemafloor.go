package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The schema floor (internal/cmd/schemafloor) is this provider's schemas
// served by the framework alone, answering from configuration and state:
// the same configurations cost Terraform core and the framework there what
// they cost them here, and nothing of this provider's own code.

// schemaFloorSource is the floor's provider source, which the floor's
// configurations name under the local name platform.
const schemaFloorSource = "bench/platform"

// schemaFloor is config with the platform local name bound to the floor.
func schemaFloor(config func(n int) string) func(n int) string {
	return func(n int) string {
		return strings.Replace(config(n), `source = "apiplatform/platform"`, `source = "`+schemaFloorSource+`"`, 1)
	}
}

// schemaFloorProvider builds the floor into a directory of dir, as
// terraform-provider-platform for dev_overrides.
func schemaFloorProvider(ctx context.Context, root, dir string) (string, error) {
	out := filepath.Join(dir, "schemafloor")
	fmt.Println("==> building the schema floor provider")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(out, "terraform-provider-platform"), "./internal/cmd/schemafloor")
	cmd.Dir, cmd.Stdout, cmd.Stderr = root, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the schema floor: %w", err)
	}
	return out, nil
}
