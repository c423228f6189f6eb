package profiling

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// peakRSSKB is the process's own peak resident set (VmHWM). Linux's
// ru_maxrss is not: at exec it keeps the high-water mark of the process
// that forked it, and Terraform forks providers when it is large itself.
func peakRSSKB(fallback int64) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return fallback
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			if kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64); err == nil {
				return kb
			}
		}
	}
	return fallback
}
