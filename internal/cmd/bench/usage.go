package main

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/apiplatform/terraform-provider-platform/internal/profiling"
)

// phaseUsage sums what the provider processes of one terraform command
// used, from the files each writes at exit (internal/profiling): reading
// their own rusage counts every CPU second, which sampling /proc from
// outside would miss for processes that end between samples.
type phaseUsage struct {
	processes  int
	cpuSeconds float64
	maxRSSKB   int64
}

func readUsage(dir string) (phaseUsage, error) {
	var out phaseUsage
	files, err := filepath.Glob(filepath.Join(dir, "rusage-*.json"))
	if err != nil {
		return out, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f) //nolint:gosec // files the provider wrote into the bench's own directory
		if err != nil {
			return out, err
		}
		var u profiling.Usage
		if err := json.Unmarshal(b, &u); err != nil {
			return out, err
		}
		out.processes++
		out.cpuSeconds += u.UserSeconds + u.SystemSeconds
		out.maxRSSKB = max(out.maxRSSKB, u.MaxRSSKB)
	}
	return out, nil
}
