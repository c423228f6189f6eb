// Command demo is make demo: it builds the provider, starts the mock platform
// on loopback, and with the real terraform CLI applies examples/demo, shows
// the result, plans again (expecting no changes), destroys and cleans up.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "\nmake demo FAILED: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("\nmake demo finished: applied (the payments API with two live versions, the orders routing with a canary deployed to production and live on every gateway pod), planned clean, destroyed; the mock is stopped and temporary files are gone.")
}

func run(ctx context.Context) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	step("Building the provider and the mock platform")
	w, err := tfrun.NewWorkspace(ctx, root)
	if err != nil {
		return err
	}
	defer w.Close()

	// The routing vendor's current release: the demo waits for live routes,
	// which only that release can tell.
	step("Starting the mock platform on loopback (the routing vendor's current release)")
	mock, err := w.StartMock(prefixed{}, "-manager", "latest")
	if err != nil {
		return err
	}
	defer mock.Stop()

	dir := filepath.Join(w.Dir, "demo")
	if err := copyDir(filepath.Join(root, "examples", "demo"), dir); err != nil {
		return err
	}
	env := w.Env(mock)
	tf := func(title string, okCodes []int, args ...string) error {
		step(title + ": " + filepath.Base(w.TerraformBin) + " " + args[0])
		code, err := w.Terraform(ctx, dir, env, os.Stdout, args...)
		if err != nil {
			return err
		}
		for _, ok := range okCodes {
			if code == ok {
				return nil
			}
		}
		if args[0] == "plan" && code == 2 {
			return fmt.Errorf("the plan after apply shows changes; it must show none")
		}
		return fmt.Errorf("%s %s exited with %d", filepath.Base(w.TerraformBin), args[0], code)
	}
	steps := []struct {
		title string
		codes []int
		args  []string
	}{
		{"Applying the example configuration", []int{0}, []string{"apply", "-auto-approve", "-input=false"}},
		{"What Terraform now manages", []int{0}, []string{"state", "list"}},
		{"The outputs", []int{0}, []string{"output"}},
		{"Planning again (expecting no changes)", []int{0}, []string{"plan", "-input=false", "-detailed-exitcode"}},
		{"A new version of the shipments document: the plan names the operation it adds", []int{0},
			[]string{"plan", "-input=false", "-var", "shipments_document=shipments-v2.yaml"}},
		{"Applying it: the proxy is re-parsed in place and deployed again", []int{0},
			[]string{"apply", "-auto-approve", "-input=false", "-var", "shipments_document=shipments-v2.yaml"}},
		{"Planning again (expecting no changes)", []int{0},
			[]string{"plan", "-input=false", "-detailed-exitcode", "-var", "shipments_document=shipments-v2.yaml"}},
		{"Destroying", []int{0}, []string{"destroy", "-auto-approve", "-input=false", "-var", "shipments_document=shipments-v2.yaml"}},
	}
	for _, s := range steps {
		if err := tf(s.title, s.codes, s.args...); err != nil {
			return err
		}
	}
	return nil
}

func step(title string) { fmt.Printf("\n==> %s\n", title) }

type prefixed struct{}

func (prefixed) Write(b []byte) (int, error) {
	fmt.Print("  [mock] " + string(b))
	return len(b), nil
}

func copyDir(from, to string) error {
	if err := os.MkdirAll(to, 0o750); err != nil {
		return err
	}
	entries, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil || len(entries) == 0 {
		return fmt.Errorf("no .tf files in %s", from)
	}
	// The documents the configuration reads with file(), too.
	docs, _ := filepath.Glob(filepath.Join(from, "*.yaml"))
	entries = append(entries, docs...)
	for _, e := range entries {
		b, err := os.ReadFile(e)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(e)), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}
