// Package e2e drives the built provider binary with the real terraform CLI
// through a dev_overrides CLI config, as a user would, against an
// in-process mock platform the tests can inspect and fault.
package e2e

import (
	"context"
	"fmt"
	"os"
	"testing"

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
