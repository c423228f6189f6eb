// Package profiling lets make bench look inside provider processes that
// Terraform starts itself: the only way in is the environment.
//
//	PLATFORM_PROVIDER_CPUPROFILE_DIR  a CPU profile per process (cpu-<pid>.prof)
//	                                  and a heap profile at exit (heap-<pid>.prof)
//	PLATFORM_PROVIDER_RUSAGE_DIR      the process's CPU time and peak RSS at exit
//	                                  (rusage-<pid>.json)
package profiling

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// Usage is what a provider process used, written at exit.
type Usage struct {
	UserSeconds   float64 `json:"user_seconds"`
	SystemSeconds float64 `json:"system_seconds"`
	MaxRSSKB      int64   `json:"max_rss_kb"`
}

// Start begins whatever the environment asks for and returns the function
// that finishes it; call it once the provider server has stopped.
func Start() (stop func()) {
	cpuDir := os.Getenv("PLATFORM_PROVIDER_CPUPROFILE_DIR")
	usageDir := os.Getenv("PLATFORM_PROVIDER_RUSAGE_DIR")
	if cpuDir != "" {
		if f, err := create(cpuDir, "cpu", "prof"); err == nil {
			_ = pprof.StartCPUProfile(f)
		}
	}
	return func() {
		if cpuDir != "" {
			pprof.StopCPUProfile()
			writeHeapProfile(cpuDir)
		}
		if usageDir != "" {
			writeUsage(usageDir)
		}
	}
}

func create(dir, kind, ext string) (*os.File, error) {
	return os.Create(filepath.Join(dir, fmt.Sprintf("%s-%d.%s", kind, os.Getpid(), ext))) //nolint:gosec // a directory the developer named
}

// writeHeapProfile records what is still live when the server stops.
func writeHeapProfile(dir string) {
	f, err := create(dir, "heap", "prof")
	if err != nil {
		return
	}
	defer func() { _ = f.Close() }()
	runtime.GC()
	_ = pprof.WriteHeapProfile(f)
}

func writeUsage(dir string) {
	u, ok := usage()
	if !ok {
		return
	}
	b, err := json.Marshal(u)
	if err != nil {
		return
	}
	_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("rusage-%d.json", os.Getpid())), b, 0o600)
}
