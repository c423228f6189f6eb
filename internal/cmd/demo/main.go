// Command demo is make demo: it builds the provider, starts the mock platform
// on loopback, and with the real terraform CLI applies examples/demo, shows
// the outputs, plans again (expecting no changes), destroys and cleans up.
// It says what it is doing as it starts each step and shows Terraform's
// summaries and the outputs; everything Terraform and the mock print goes
// to a log file it names.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/tfrun"
)

// logPath is where the full output goes, relative to the repository.
const logPath = ".demo/demo.log"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx = withParent(ctx)
	start := time.Now()
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "\nmake demo FAILED: %v\nThe full output is in %s.\n", err, logPath)
		os.Exit(1)
	}
	fmt.Printf("\nmake demo finished in %s: applied (the payments API with two live versions, the orders routing with a canary "+
		"deployed to production and live on every gateway pod, the shipments API from its OpenAPI document to live traffic, "+
		"then its next document), planned clean, destroyed; the mock is stopped and temporary "+
		"files are gone. The full output is in %s.\n", time.Since(start).Round(time.Second), logPath)
}

// withParent ends ctx once the process that started the demo (go run,
// started by make) is gone: killing make then stops terraform and the
// mock, and cleans up, instead of leaving the demo running.
func withParent(ctx context.Context) context.Context {
	ppid := os.Getppid()
	if ppid <= 1 {
		return ctx
	}
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer cancel()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if os.Getppid() != ppid {
					return
				}
			}
		}
	}()
	return ctx
}

func run(ctx context.Context) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(logPath), 0o750); err != nil {
		return err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer func() { _ = logFile.Close() }()
	console := io.MultiWriter(os.Stdout, logFile)

	say := func(format string, args ...any) { _, _ = fmt.Fprintf(console, format, args...) }
	say("make demo: Terraform's summaries below, everything it prints in %s.\n\n", logPath)
	w, err := tfrun.NewWorkspaceProgress(ctx, root, console)
	if err != nil {
		return err
	}
	defer w.Close()

	// The routing vendor's current release, as make mock serves it: the
	// demo waits for live routes, which only that release can tell.
	say("==> Starting the mock platform (the routing vendor's current release, as make mock serves it)\n")
	mock, err := w.StartMock(mockEvents{console: os.Stdout, log: logFile}, "-manager", "latest")
	if err != nil {
		return err
	}
	defer mock.Stop()
	say("    listening on %s\n", mock.URL)

	dir := filepath.Join(w.Dir, "demo")
	if err := copyDir(filepath.Join(root, "examples", "demo"), dir); err != nil {
		return err
	}
	env := w.Env(mock)
	cli := filepath.Base(w.TerraformBin)
	say("    %s runs examples/demo through a dev_overrides CLI config, so it warns on every command "+
		"that development overrides are in effect (the log shows it): that is the provider built above. The mock's "+
		"orders-api already routes to two of the addresses the demo gives it, so the routing's create warns that it "+
		"takes over that address list (\"Addresses this create replaces\": the platform does not report their roles).\n", cli)
	steps := []struct {
		title string
		all   bool // show all it prints (the outputs), not the summaries
		args  []string
	}{
		{"Applying examples/demo", false, []string{"apply", "-no-color", "-auto-approve", "-input=false"}},
		{"The outputs", true, []string{"output", "-no-color"}},
		{"Planning again (expecting no changes)", false, []string{"plan", "-no-color", "-input=false", "-detailed-exitcode"}},
		{"A new version of the shipments OpenAPI document: the plan names the operation it adds", true,
			[]string{"plan", "-no-color", "-input=false", "-var", shipmentsV2}},
		{"Applying it: the proxy is re-parsed in place and deployed again", false,
			[]string{"apply", "-no-color", "-auto-approve", "-input=false", "-var", shipmentsV2}},
		{"Planning again (expecting no changes)", false, []string{"plan", "-no-color", "-input=false", "-detailed-exitcode", "-var", shipmentsV2}},
		{"Destroying", false, []string{"destroy", "-no-color", "-auto-approve", "-input=false", "-var", shipmentsV2}},
	}
	for _, s := range steps {
		say("==> %s: %s %s\n", s.title, cli, s.args[0])
		_, _ = fmt.Fprintf(logFile, "--- %s %s\n", cli, strings.Join(s.args, " "))
		out := summaries{console: os.Stdout, all: s.all}
		code, err := w.Terraform(ctx, dir, env, io.MultiWriter(logFile, &out), s.args...)
		out.flush()
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted during %s %s: terraform and the mock are stopped, and the temporary files removed", cli, s.args[0])
		}
		if err != nil {
			return err
		}
		switch {
		case code == 2 && s.args[0] == "plan":
			return fmt.Errorf("the plan after apply shows changes; it must show none")
		case code != 0:
			return fmt.Errorf("%s %s exited with %d", cli, s.args[0], code)
		}
	}
	return nil
}

// shipmentsV2 points examples/demo's shipments proxy at the next version of
// its document, which adds an operation.
const shipmentsV2 = "shipments_document=shipments-v2.yaml"

// summaryRE picks the lines of Terraform's output a person follows the
// demo by: the plan's counts, the outcome, errors and warnings.
var summaryRE = regexp.MustCompile(`^\s*[│ ]*(Plan: |Apply complete!|Destroy complete!|No changes\.|Error: |Warning: )`)

// summaries writes to console the summary lines of what Terraform prints,
// or every line when all is set; the development-overrides warning, which
// every command prints, is left to the log.
type summaries struct {
	console io.Writer
	all     bool
	partial []byte
}

func (s *summaries) Write(b []byte) (int, error) {
	s.partial = append(s.partial, b...)
	for {
		i := strings.IndexByte(string(s.partial), '\n')
		if i < 0 {
			return len(b), nil
		}
		s.line(string(s.partial[:i]))
		s.partial = s.partial[i+1:]
	}
}

func (s *summaries) line(l string) {
	if strings.Contains(l, "Provider development overrides are in effect") {
		return
	}
	switch {
	case s.all:
		_, _ = fmt.Fprintln(s.console, l)
	case summaryRE.MatchString(l):
		_, _ = fmt.Fprintf(s.console, "  %s\n", strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "│")))
	}
}

func (s *summaries) flush() {
	if len(s.partial) > 0 {
		s.line(string(s.partial))
		s.partial = nil
	}
}

// mockEvents sends what the mock prints to the log, and the deployments
// and live routes it reports to the console too.
type mockEvents struct {
	console, log io.Writer
}

func (m mockEvents) Write(b []byte) (int, error) {
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		l := sc.Text()
		_, _ = fmt.Fprintf(m.log, "[mock] %s\n", l)
		if strings.HasPrefix(l, "deployed ") || strings.HasPrefix(l, "route of ") {
			_, _ = fmt.Fprintf(m.console, "  mock: %s\n", l)
		}
	}
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
