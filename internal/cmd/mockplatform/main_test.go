package main

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

func TestLatencyFlag(t *testing.T) {
	var l latencyFlag
	for _, v := range []string{"200ms", "POST /api/apis=3s, /apiops/=1s", "get=0s", "patch /apiops/projects/=1m"} {
		if err := l.Set(v); err != nil {
			t.Fatalf("%q: %v", v, err)
		}
	}
	want := latencyFlag{
		{PathPrefix: "/", Delay: 200 * time.Millisecond},
		{Method: "POST", PathPrefix: "/api/apis", Delay: 3 * time.Second},
		{PathPrefix: "/apiops/", Delay: time.Second},
		{Method: "GET", PathPrefix: "/"},
		{Method: "PATCH", PathPrefix: "/apiops/projects/", Delay: time.Minute},
	}
	if len(l) != len(want) {
		t.Fatalf("%v", l.String())
	}
	for i := range want {
		if l[i] != want[i] {
			t.Errorf("rule %d: %+v, want %+v", i, l[i], want[i])
		}
	}
	for _, bad := range []string{"", "soon", "POST /api/apis", "=3s", "POST api=3s", "a b c=1s", "/x=-1s", "POST /x=3"} {
		var l latencyFlag
		if err := l.Set(bad); err == nil {
			t.Errorf("%q was accepted as %v", bad, l.String())
		}
	}
}

func TestSetManager(t *testing.T) {
	for name, want := range map[string]string{"": "classic", "classic": "classic", "newer": "newer", "latest": "latest (the vendor"} {
		cfg := mockplatform.DemoConfig()
		if err := setManager(&cfg, name); err != nil || !strings.HasPrefix(managerName(cfg), want) {
			t.Errorf("-manager %q: %q, %v", name, managerName(cfg), err)
		}
	}
	if err := setManager(&mockplatform.Config{}, "newest"); err == nil {
		t.Error("-manager newest was accepted")
	}
	cfg := mockplatform.Config{LatestManager: true, NewerManager: true, PatchOnly: true}
	if err := setManager(&cfg, "classic"); err != nil || cfg.LatestManager || cfg.NewerManager || cfg.PatchOnly {
		t.Errorf("-manager classic left %+v", cfg)
	}
}

func TestRouteHealthLine(t *testing.T) {
	for _, tc := range []struct {
		pods, polls int
		want        string
	}{
		{0, 0, "3 gateway pods; the first 2 polls"},
		{5, 1, "5 gateway pods; the first 1 polls"},
		{0, -1, "3 gateway pods never pick"},
		{-1, 0, "no gateway pod answers"},
	} {
		if got := routeHealthLine(mockplatform.Config{GatewayPods: tc.pods, RoutePickupPolls: tc.polls}); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%+v: %q", tc, got)
		}
	}
}

// TestMain runs the command itself when a test starts this binary as the
// mock (TestStopsWithItsParent).
func TestMain(m *testing.M) {
	if os.Getenv("MOCKPLATFORM_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Killing the process that started the mock (here a shell; make or go run
// by hand) stops the mock: today's `make mock &` killed by its PID must not
// leave it serving. SIGKILL, so that the parent cannot pass anything on.
func TestStopsWithItsParent(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil || runtime.GOOS == "windows" {
		t.Skip("needs a POSIX shell, and a parent PID that changes when the parent goes")
	}
	dir := t.TempDir()
	urlFile, pidFile := filepath.Join(dir, "url"), filepath.Join(dir, "pid")
	parent := exec.Command(sh, "-c", `"$0" -listen 127.0.0.1:0 -url-file "$1" >/dev/null 2>&1 & echo $! > "$2"; wait`, os.Args[0], urlFile, pidFile)
	parent.Env = append(os.Environ(), "MOCKPLATFORM_RUN_MAIN=1")
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Should the mock outlive the test, end it by the PID its shell
		// wrote.
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				if p, err := os.FindProcess(pid); err == nil {
					_ = p.Kill()
				}
			}
		}
	})
	addr := waitForURL(t, urlFile)
	if !portOpen(addr) {
		t.Fatalf("the mock does not serve %s", addr)
	}
	if err := parent.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = parent.Wait()
	for deadline := time.Now().Add(10 * time.Second); portOpen(addr); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the mock still serves %s 10s after its parent was killed", addr)
		}
	}
}

func waitForURL(t *testing.T, urlFile string) string {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			return strings.TrimPrefix(strings.TrimSpace(string(b)), "http://")
		}
	}
	t.Fatal("the mock did not start within 15s")
	return ""
}

func portOpen(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

// A parent of PID 1 is not watched; another one is, and its context ends
// with the one it was given.
func TestWatchParent(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	if got := watchParent(ctx, 1, time.Millisecond); got != ctx {
		t.Error("a parent of PID 1 is watched")
	}
	watched := watchParent(ctx, os.Getppid(), time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	if watched.Err() != nil {
		t.Fatal("the context ended while the parent is there")
	}
	cancel()
	<-watched.Done()
	gone := watchParent(context.Background(), os.Getppid()+100000, time.Millisecond)
	select {
	case <-gone.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a parent PID that is not ours did not end the context")
	}
}
