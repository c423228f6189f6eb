// Command testprogress runs go test and says what it is doing while it
// does it: each package as it starts and ends (with go test's own "ok" and
// "FAIL" lines), the tests a long package is still running every minute,
// the docs test's list of examples, and the whole output of every test
// that fails. It exits with go test's exit code. make test runs it:
//
//	go run ./internal/cmd/testprogress -count=1 ./...
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// module is left out of the lines that say a package started.
const module = "github.com/apiplatform/terraform-provider-platform/"

// event is one line of go test -json (cmd/test2json).
type event struct {
	Time       time.Time
	Action     string
	Package    string
	ImportPath string
	Test       string
	Elapsed    float64
	Output     string
}

func main() {
	cmd := exec.Command("go", append([]string{"test", "-json"}, os.Args[1:]...)...) //nolint:gosec // go test with the flags make passes
	cmd.Stderr = os.Stderr
	ownGroup(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fatal(err)
	}
	if err := cmd.Start(); err != nil {
		fatal(err)
	}
	// A signal goes on to go test and everything it started, and the
	// report goes on until it ends: what it prints then says what was
	// interrupted. When make goes away (killed), so does the run.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for sig := range sigs {
			signalGroup(cmd, sig)
		}
	}()
	go watchParent(func() { signalGroup(cmd, syscall.SIGTERM) })
	r := newReport(os.Stdout)
	stop := r.tickEvery(30 * time.Second)
	r.read(stdout)
	stop()
	err = cmd.Wait()
	r.summary()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		os.Exit(exit.ExitCode())
	case err != nil:
		fatal(err)
	case r.failed > 0:
		os.Exit(1)
	}
}

// watchParent calls gone once the process that started this one (go run,
// itself started by make) is no longer its parent: killing make then stops
// the tests instead of leaving them running.
func watchParent(gone func()) {
	ppid := os.Getppid()
	if ppid <= 1 {
		return
	}
	for range time.Tick(250 * time.Millisecond) {
		if os.Getppid() != ppid {
			fmt.Fprintln(os.Stderr, "testprogress: the process that started it is gone; stopping the tests")
			gone()
			return
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "testprogress:", err)
	os.Exit(2)
}

// report holds what has been seen of the run.
type report struct {
	mu                    sync.Mutex
	out                   io.Writer
	begun                 time.Time
	anyStarted            bool
	started               map[string]time.Time       // running packages
	running               map[string]map[string]bool // running tests, by package
	output                map[string][]string        // output, by package and test
	passed, failed, skips int
}

func newReport(out io.Writer) *report {
	return &report{out: out, begun: time.Now(), started: map[string]time.Time{}, running: map[string]map[string]bool{}, output: map[string][]string{}}
}

func (r *report) read(in io.Reader) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || (e.Action == "" && e.Package == "") {
			// Not test2json: pass it on as it is.
			r.mu.Lock()
			_, _ = fmt.Fprintln(r.out, sc.Text())
			r.mu.Unlock()
			continue
		}
		r.handle(e)
	}
}

func (r *report) handle(e event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := e.Package + "\x00" + e.Test
	switch e.Action {
	case "build-output":
		_, _ = fmt.Fprint(r.out, e.Output)
	case "start":
		r.started[e.Package], r.anyStarted = e.Time, true
		_, _ = fmt.Fprintf(r.out, "--- %s: started\n", strings.TrimPrefix(e.Package, module))
	case "pause":
		// A parallel test waiting for its turn is not running.
		delete(r.running[e.Package], e.Test)
	case "run", "cont":
		if r.running[e.Package] == nil {
			r.running[e.Package] = map[string]bool{}
		}
		r.running[e.Package][e.Test] = true
	case "output":
		r.output[key] = append(r.output[key], e.Output)
		if i := strings.Index(e.Output, "docs-example: "); i >= 0 {
			_, _ = fmt.Fprint(r.out, "    "+e.Output[i:])
		}
	case "pass", "fail", "skip":
		r.finish(e, key)
	}
}

// finish reports a test or a package that ended.
func (r *report) finish(e event, key string) {
	if e.Test != "" {
		delete(r.running[e.Package], e.Test)
		switch e.Action {
		case "pass":
			r.passed++
		case "skip":
			r.skips++
		case "fail":
			r.failed++
			// A parent fails with its subtests: their output says why.
			_, _ = fmt.Fprintf(r.out, "--- %s: %s failed after %.2fs; its output:\n%s", strings.TrimPrefix(e.Package, module), e.Test, e.Elapsed, strings.Join(r.output[key], ""))
		}
		delete(r.output, key)
		return
	}
	delete(r.started, e.Package)
	delete(r.running, e.Package)
	switch e.Action {
	case "fail":
		// The package's own output: a panic, a TestMain failure, a timeout;
		// go test's own closing line is printed below.
		for _, l := range r.output[key] {
			if !strings.HasPrefix(l, "FAIL\t"+e.Package) {
				_, _ = fmt.Fprint(r.out, l)
			}
		}
		_, _ = fmt.Fprintf(r.out, "FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
	case "skip":
		_, _ = fmt.Fprintf(r.out, "?   \t%s\t[no test files]\n", e.Package)
	default:
		_, _ = fmt.Fprintf(r.out, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
	}
	delete(r.output, key)
}

// tickEvery says, every d, which packages are still running and which of
// their tests; it returns a function that stops it.
func (r *report) tickEvery(d time.Duration) func() {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				r.tick(now)
			}
		}
	}()
	return func() { close(done) }
}

func (r *report) tick(now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.anyStarted {
		_, _ = fmt.Fprintf(r.out, "    still building the test binaries after %s (a first build compiles every dependency: minutes on 2 cores)\n",
			now.Sub(r.begun).Round(time.Second))
		return
	}
	pkgs := make([]string, 0, len(r.started))
	for p := range r.started {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		var tests []string
		for t := range r.running[p] {
			if !strings.Contains(t, "/") {
				tests = append(tests, t)
			}
		}
		sort.Strings(tests)
		if len(tests) > 4 {
			tests = append(tests[:4], fmt.Sprintf("and %d more", len(tests)-4))
		}
		_, _ = fmt.Fprintf(r.out, "    %s: still running after %s: %s\n", strings.TrimPrefix(p, module),
			now.Sub(r.started[p]).Round(time.Second), strings.Join(tests, ", "))
	}
}

// summary is the closing line, in the form CI reads.
func (r *report) summary() {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, _ = fmt.Fprintf(r.out, "tests: %d passed, %d failed, %d skipped\n", r.passed, r.failed, r.skips)
}
