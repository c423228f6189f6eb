package mockplatform

import (
	"net/http"
	"strings"
	"time"
)

// Fault is one misbehaviour applied to one request.
type Fault struct {
	// Status answers with this status without handling the request.
	Status int
	// RetryAfter is sent as the Retry-After header with Status.
	RetryAfter string
	// Delay waits before handling (or faulting) the request.
	Delay time.Duration
	// DropBefore closes the connection without handling the request.
	DropBefore bool
	// DropAfter handles the request, then closes the connection: the
	// platform acted, but the client never hears of it.
	DropAfter bool
}

type faultRule struct {
	method     string
	pathPrefix string
	queue      []Fault
}

// InjectFaults queues faults for the next requests whose method matches
// (empty matches all) and whose path starts with pathPrefix; each request
// takes the next fault in order.
func (s *Server) InjectFaults(method, pathPrefix string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{method: method, pathPrefix: pathPrefix, queue: faults})
}

func (s *Server) takeFault(method, path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rule := range s.faults {
		if len(rule.queue) == 0 || (rule.method != "" && rule.method != method) ||
			!strings.HasPrefix(path, rule.pathPrefix) {
			continue
		}
		f := rule.queue[0]
		rule.queue = rule.queue[1:]
		return &f
	}
	return nil
}

// before applies the part of a fault that comes before handling; it reports
// whether the request is finished.
func (f *Fault) before(w http.ResponseWriter) bool {
	if f.Delay > 0 {
		time.Sleep(f.Delay)
	}
	switch {
	case f.DropBefore:
		dropConnection(w)
		return true
	case f.Status != 0:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		writeJSON(w, f.Status, map[string]any{"Code": f.Status, "Message": http.StatusText(f.Status)})
		return true
	}
	return false
}
