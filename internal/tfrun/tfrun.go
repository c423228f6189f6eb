// Package tfrun builds the provider and the mock platform and runs the real
// terraform CLI against them through a dev_overrides CLI config. make demo
// and make bench use it.
package tfrun

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// CLI is the Terraform-compatible binary to run: TF_ACC_TERRAFORM_PATH
// when set (make uses it for the OpenTofu build), else terraform on PATH.
func CLI() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p, nil
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("no terraform on PATH: install Terraform (1.5 or later), or set TF_ACC_TERRAFORM_PATH")
	}
	return tf, nil
}

// Workspace is a temporary directory holding the built binaries, the CLI
// config and the Terraform working directories.
type Workspace struct {
	Dir          string
	TerraformBin string
	BinDir       string
	MockBin      string
	CLIConfig    string

	overrides map[string]string // provider source → directory of its binary
}

// NewWorkspace builds the provider and the mock from the module at root.
func NewWorkspace(ctx context.Context, root string) (*Workspace, error) {
	return NewWorkspaceProgress(ctx, root, nil)
}

// NewWorkspaceProgress is NewWorkspace telling progress what it builds as
// it starts each build, how long it took, and every 20 seconds of a long
// one (the first build compiles every dependency: minutes on 2 cores).
func NewWorkspaceProgress(ctx context.Context, root string, progress io.Writer) (*Workspace, error) {
	tf, err := CLI()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "platform-provider-")
	if err != nil {
		return nil, err
	}
	w := &Workspace{Dir: dir, TerraformBin: tf, BinDir: filepath.Join(dir, "bin"),
		MockBin: filepath.Join(dir, "mockplatform"), CLIConfig: filepath.Join(dir, "dev.tfrc")}
	builds := []struct {
		what string
		args []string
	}{
		{"the provider", []string{"build", "-o", filepath.Join(w.BinDir, "terraform-provider-platform"), "."}},
		{"the mock platform", []string{"build", "-o", w.MockBin, "./internal/cmd/mockplatform"}},
	}
	for _, b := range builds {
		if err := build(ctx, root, b.what, b.args, progress); err != nil {
			w.Close()
			return nil, err
		}
	}
	w.overrides = map[string]string{"apiplatform/platform": w.BinDir}
	if err := w.writeCLIConfig(); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// build runs one go build, telling progress (when not nil) about it.
func build(ctx context.Context, root, what string, args []string, progress io.Writer) error {
	if progress == nil {
		progress = io.Discard
	}
	_, _ = fmt.Fprintf(progress, "==> Building %s (go %s)\n", what, strings.Join(args, " "))
	start := time.Now()
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(20 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				_, _ = fmt.Fprintf(progress, "    still building %s: %s so far (a first build compiles every dependency)\n",
					what, time.Since(start).Round(time.Second))
			}
		}
	}()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = root, os.Stderr, os.Stderr
	err := cmd.Run()
	close(done)
	if err != nil {
		return fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	_, _ = fmt.Fprintf(progress, "    built in %s\n", time.Since(start).Round(100*time.Millisecond))
	return nil
}

// Override serves the provider source (e.g. "hashicorp/null") from the
// binary terraform-provider-<name> in dir, beside this provider.
func (w *Workspace) Override(source, dir string) error {
	w.overrides[source] = dir
	return w.writeCLIConfig()
}

// writeCLIConfig writes the dev_overrides CLI config. Short addresses let
// Terraform and OpenTofu each apply their own default registry host, as they
// do for the configuration's source.
func (w *Workspace) writeCLIConfig() error {
	sources := make([]string, 0, len(w.overrides))
	for s := range w.overrides {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, s := range sources {
		fmt.Fprintf(&b, "    %q = %q\n", s, w.overrides[s])
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return os.WriteFile(w.CLIConfig, []byte(b.String()), 0o600)
}

// Close removes everything the workspace wrote.
func (w *Workspace) Close() { _ = os.RemoveAll(w.Dir) }

// Mock is a running standalone mock platform.
type Mock struct {
	URL string
	cmd *exec.Cmd
}

// StartMock runs the mock command on a free loopback port; extra arguments
// go to the command (e.g. -seed).
func (w *Workspace) StartMock(out io.Writer, args ...string) (*Mock, error) {
	urlFile := filepath.Join(w.Dir, "mock.url")
	_ = os.Remove(urlFile)
	cmd := exec.Command(w.MockBin, append([]string{"-listen", "127.0.0.1:0", "-url-file", urlFile}, args...)...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	m := &Mock{cmd: cmd}
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			m.URL = strings.TrimSpace(string(b))
			return m, nil
		}
	}
	m.Stop()
	return nil, errors.New("the mock platform did not start within 15s")
}

// Stop ends the mock and waits for it.
func (m *Mock) Stop() {
	if m == nil || m.cmd.Process == nil {
		return
	}
	_ = m.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = m.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = m.cmd.Process.Kill()
		<-done
	}
}

// Env is the environment for terraform runs against m with the demo seed's
// credentials.
func (w *Workspace) Env(m *Mock, extra ...string) []string {
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+w.CLIConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"PLATFORM_ENDPOINT="+m.URL,
		"PLATFORM_TOKEN=demo-token",
		"PLATFORM_FED_MEMBER_ID=acmepaymentscorp",
		"PLATFORM_EMAIL=ops@acme.example",
		"PLATFORM_PASSWORD=demo-password",
	)
	return append(env, extra...)
}

// Command prepares a terraform command in dir without starting it, for
// callers that need to signal it.
func (w *Workspace) Command(ctx context.Context, dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, w.TerraformBin, args...)
	cmd.Dir, cmd.Env = dir, env
	return cmd
}

// Terraform runs one terraform command in dir, streaming its output with a
// prefix, and returns its exit code.
func (w *Workspace) Terraform(ctx context.Context, dir string, env []string, out io.Writer, args ...string) (int, error) {
	if !isTerminal(os.Stdout) && args[0] != "state" {
		args = append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)
	}
	cmd := exec.CommandContext(ctx, w.TerraformBin, args...)
	cmd.Dir, cmd.Env = dir, env
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	done := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			_, _ = fmt.Fprintln(out, "  "+sc.Text())
		}
		close(done)
	}()
	err := cmd.Run()
	_ = pw.Close()
	<-done
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return -1, err
	}
	return 0, nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
