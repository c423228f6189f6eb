package mockplatform

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// RouteLatency slows down the requests whose method matches (empty: every
// method) and whose path starts with PathPrefix, as a busy platform would.
// In a seed file, delay is a Go duration ("3s") or nanoseconds.
type RouteLatency struct {
	Method     string        `json:"method,omitempty"`
	PathPrefix string        `json:"pathPrefix"`
	Delay      time.Duration `json:"delay"`
}

// UnmarshalJSON reads delay as "3s" as well as in nanoseconds.
func (l *RouteLatency) UnmarshalJSON(b []byte) error {
	var in struct {
		Method     string          `json:"method"`
		PathPrefix string          `json:"pathPrefix"`
		Delay      json.RawMessage `json:"delay"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*l = RouteLatency{Method: in.Method, PathPrefix: in.PathPrefix}
	if len(in.Delay) == 0 {
		return nil
	}
	var text string
	if err := json.Unmarshal(in.Delay, &text); err == nil {
		d, err := time.ParseDuration(text)
		if err != nil {
			return fmt.Errorf("latency delay: %w", err)
		}
		l.Delay = d
		return nil
	}
	return json.Unmarshal(in.Delay, &l.Delay)
}

// MarshalJSON writes delay as a Go duration, the way people write it.
func (l RouteLatency) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Method     string `json:"method,omitempty"`
		PathPrefix string `json:"pathPrefix"`
		Delay      string `json:"delay"`
	}{l.Method, l.PathPrefix, l.Delay.String()})
}

func (l RouteLatency) String() string {
	method := l.Method
	if method == "" {
		method = "*"
	}
	return fmt.Sprintf("%s %s %v", method, l.PathPrefix, l.Delay)
}

// SetLatency delays every request whose method matches (empty: every
// method) and whose path starts with pathPrefix by d, replacing the delay
// of that method and prefix; a zero d is a delay too, of nothing. Where
// several match, the longest prefix wins, then the one naming the method.
func (s *Server) SetLatency(method, pathPrefix string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setLatencyLocked(RouteLatency{Method: strings.ToUpper(method), PathPrefix: pathPrefix, Delay: d})
}

func (s *Server) setLatencyLocked(l RouteLatency) {
	for i, old := range s.latency {
		if old.Method == l.Method && old.PathPrefix == l.PathPrefix {
			s.latency[i] = l
			return
		}
	}
	s.latency = append(s.latency, l)
}

// ClearLatency removes every delay.
func (s *Server) ClearLatency() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = nil
}

// latencyFor is the delay of a request: that of the longest matching
// prefix, a rule naming the method before one that does not.
func (s *Server) latencyFor(method, path string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *RouteLatency
	for i := range s.latency {
		l := &s.latency[i]
		if (l.Method != "" && l.Method != method) || !strings.HasPrefix(path, l.PathPrefix) {
			continue
		}
		if best == nil || len(l.PathPrefix) > len(best.PathPrefix) ||
			(len(l.PathPrefix) == len(best.PathPrefix) && l.Method != "") {
			best = l
		}
	}
	if best == nil {
		return 0
	}
	return best.Delay
}

// WaitIdle waits until no request is being served, for at most timeout,
// and reports whether the mock became idle. A test whose client gave up
// (a timeout, Ctrl-C) calls it before looking at the store: the mock
// carries such requests out all the same, as a real server would.
func (s *Server) WaitIdle(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for s.inflight.Load() > 0 {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return true
}

// InFlight counts the requests being served right now: a test that
// interrupts its client waits until the writes it means to interrupt are
// under way.
func (s *Server) InFlight() int { return int(s.inflight.Load()) }
