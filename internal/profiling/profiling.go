// Package profiling lets make bench look inside provider processes that
// Terraform starts itself: the only way in is the environment.
//
//	PLATFORM_PROVIDER_CPUPROFILE_DIR  a CPU profile per process (cpu-<pid>.prof),
//	                                  and at exit a heap profile (heap-<pid>.prof)
//	                                  and a goroutine profile (goroutine-<pid>.prof)
//	PLATFORM_PROVIDER_HEAP_INTERVAL   with the above, also a heap profile of what
//	                                  is live every interval (e.g. 2s), after a
//	                                  collection (heap-<pid>-<n>.prof)
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
	"sync"
	"time"
)

// Usage is what a provider process used, written at exit.
type Usage struct {
	UserSeconds   float64 `json:"user_seconds"`
	SystemSeconds float64 `json:"system_seconds"`
	MaxRSSKB      int64   `json:"max_rss_kb"`
	// The Go runtime's view, sampled every 50 ms: the most heap in use (live
	// and not yet collected) and the most memory obtained from the OS.
	PeakHeapInUseKB int64 `json:"peak_heap_in_use_kb"`
	PeakSysKB       int64 `json:"peak_sys_kb"`
	GCCycles        int64 `json:"gc_cycles"`
}

// Start begins whatever the environment asks for and returns the function
// that finishes it; call it once the provider server has stopped.
func Start() (stop func()) {
	cpuDir := os.Getenv("PLATFORM_PROVIDER_CPUPROFILE_DIR")
	usageDir := os.Getenv("PLATFORM_PROVIDER_RUSAGE_DIR")
	done := make(chan struct{})
	var peaks memoryPeaks
	if usageDir != "" {
		go peaks.sample(done)
	}
	if cpuDir != "" {
		if f, err := create(cpuDir, "cpu", "prof"); err == nil {
			_ = pprof.StartCPUProfile(f)
		}
		if every, err := time.ParseDuration(os.Getenv("PLATFORM_PROVIDER_HEAP_INTERVAL")); err == nil && every > 0 {
			go snapshotHeap(cpuDir, every, done)
		}
	}
	return func() {
		close(done)
		if cpuDir != "" {
			pprof.StopCPUProfile()
			writeHeapProfile(cpuDir)
			writeProfile(cpuDir, "goroutine")
		}
		if usageDir != "" {
			writeUsage(usageDir, &peaks)
		}
	}
}

func create(dir, kind, ext string) (*os.File, error) {
	return os.Create(filepath.Join(dir, fmt.Sprintf("%s-%d.%s", kind, os.Getpid(), ext))) //nolint:gosec // a directory the developer named
}

// writeHeapProfile records what is still live when the server stops.
func writeHeapProfile(dir string) { heapProfile(dir, "heap") }

func heapProfile(dir, name string) {
	f, err := create(dir, name, "prof")
	if err != nil {
		return
	}
	defer func() { _ = f.Close() }()
	// The profile shows the heap as of the last completed collection, and
	// objects freed by one show up only after the next.
	runtime.GC()
	runtime.GC()
	_ = pprof.WriteHeapProfile(f)
}

func snapshotHeap(dir string, every time.Duration, done <-chan struct{}) {
	t := time.NewTicker(every)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-done:
			return
		case <-t.C:
			heapProfile(dir, fmt.Sprintf("heap-%02d", n))
			writeProfile(dir, fmt.Sprintf("goroutine-%02d", n))
		}
	}
}

// writeProfile writes the goroutine profile as name.
func writeProfile(dir, name string) {
	f, err := create(dir, name, "prof")
	if err != nil {
		return
	}
	defer func() { _ = f.Close() }()
	_ = pprof.Lookup("goroutine").WriteTo(f, 0)
}

func writeUsage(dir string, peaks *memoryPeaks) {
	u, ok := usage()
	if !ok {
		return
	}
	peaks.read(&u)
	b, err := json.Marshal(u)
	if err != nil {
		return
	}
	_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("rusage-%d.json", os.Getpid())), b, 0o600)
}

// memoryPeaks samples the runtime's memory statistics.
type memoryPeaks struct {
	mu        sync.Mutex
	heapInUse uint64
	sys       uint64
	cycles    uint32
}

func (p *memoryPeaks) sample(done <-chan struct{}) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		p.mu.Lock()
		p.heapInUse, p.sys, p.cycles = max(p.heapInUse, m.HeapInuse), max(p.sys, m.Sys), m.NumGC
		p.mu.Unlock()
		select {
		case <-done:
			return
		case <-t.C:
		}
	}
}

func (p *memoryPeaks) read(u *Usage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u.PeakHeapInUseKB, u.PeakSysKB, u.GCCycles = int64(p.heapInUse/1024), int64(p.sys/1024), int64(p.cycles) //nolint:gosec // counters far below the limits
}
