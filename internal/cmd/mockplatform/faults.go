package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// faultFlags let a person try the provider against a flaky platform.
type faultFlags struct {
	rate        float64
	kinds       string
	methods     string
	path        string
	retryAfter  string
	seed        uint64
	sessionTTL  time.Duration
	sessionReqs int
}

func (f *faultFlags) register() {
	flag.Float64Var(&f.rate, "fault-rate", 0, "share of matching requests to fault, 0 to 1")
	flag.StringVar(&f.kinds, "fault-kinds", "429,500,502,503,504,drop-before,drop-after,cut-answer",
		"comma-separated faults to mix: HTTP statuses, drop-before (connection closed unhandled), drop-after (handled, answer lost), cut-answer (handled, answer cut off midway)")
	flag.StringVar(&f.methods, "fault-methods", "", "comma-separated methods to fault (default: all)")
	flag.StringVar(&f.path, "fault-path", "/", "fault only paths with this prefix, e.g. /api/ or /apiops/")
	flag.StringVar(&f.retryAfter, "retry-after", "1", "Retry-After seconds sent with 429 and 503")
	flag.Uint64Var(&f.seed, "fault-seed", 1, "seed of the fault sequence, for reproducible runs")
	flag.DurationVar(&f.sessionTTL, "session-ttl", 0, "catalog session lifetime (default 30m)")
	flag.IntVar(&f.sessionReqs, "session-max-requests", 0, "expire each catalog session after this many requests")
}

func (f *faultFlags) apply(m *mockplatform.Server) error {
	m.SetSessionLimits(f.sessionTTL, f.sessionReqs)
	if f.rate <= 0 {
		return nil
	}
	if f.rate > 1 {
		return fmt.Errorf("-fault-rate %v: want 0 to 1", f.rate)
	}
	mix, err := parseKinds(f.kinds, f.retryAfter)
	if err != nil {
		return err
	}
	seed := f.seed
	for _, method := range strings.Split(f.methods, ",") {
		m.InjectFaultRate(strings.ToUpper(strings.TrimSpace(method)), f.path, f.rate, seed, mix...)
		seed++
	}
	return nil
}

func parseKinds(kinds, retryAfter string) ([]mockplatform.Fault, error) {
	var mix []mockplatform.Fault
	for _, k := range strings.Split(kinds, ",") {
		switch k = strings.TrimSpace(k); k {
		case "drop-before":
			mix = append(mix, mockplatform.Fault{DropBefore: true})
		case "drop-after":
			mix = append(mix, mockplatform.Fault{DropAfter: true})
		case "cut-answer":
			mix = append(mix, mockplatform.Fault{CutAnswer: true})
		default:
			status, err := strconv.Atoi(k)
			if err != nil || status < 400 || status > 599 {
				return nil, fmt.Errorf("-fault-kinds: %q is neither an HTTP error status nor drop-before, drop-after or cut-answer", k)
			}
			f := mockplatform.Fault{Status: status}
			if status == 429 || status == 503 {
				f.RetryAfter = retryAfter
			}
			mix = append(mix, f)
		}
	}
	return mix, nil
}
