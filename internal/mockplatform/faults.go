package mockplatform

import (
	"math/rand/v2"
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
	// CutAnswer handles the request, sends the status line, the headers and
	// half the body, then closes the connection: the answer is lost midway.
	CutAnswer bool
	// SlowAnswer handles the request, then waits before answering.
	SlowAnswer time.Duration
}

// faultRule matches requests by method (empty: all) and path prefix. It
// either hands out a fixed sequence, or faults a share of requests by rate.
type faultRule struct {
	method     string
	pathPrefix string
	queue      []Fault
	rate       float64
	mix        []Fault
	rng        *rand.Rand
}

func (r *faultRule) matches(method, path string) bool {
	return (r.method == "" || r.method == method) && strings.HasPrefix(path, r.pathPrefix)
}

// InjectFaults queues faults for the next requests whose method matches
// (empty matches all) and whose path starts with pathPrefix; each request
// takes the next fault in order.
func (s *Server) InjectFaults(method, pathPrefix string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{method: method, pathPrefix: pathPrefix, queue: faults})
}

// InjectFaultRate faults the given share (0..1) of matching requests,
// choosing each fault from mix. seed makes the sequence reproducible.
func (s *Server) InjectFaultRate(method, pathPrefix string, rate float64, seed uint64, mix ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{method: method, pathPrefix: pathPrefix, rate: rate, mix: mix,
		rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}) //nolint:gosec // fault sequences must be reproducible from a seed
}

// ClearFaults removes every fault rule.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// FaultsInjected counts the faults handed out so far.
func (s *Server) FaultsInjected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faultCount
}

func (s *Server) takeFault(method, path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rule := range s.faults {
		if !rule.matches(method, path) {
			continue
		}
		if len(rule.queue) > 0 {
			f := rule.queue[0]
			rule.queue = rule.queue[1:]
			s.faultCount++
			return &f
		}
		if len(rule.mix) > 0 && rule.rng.Float64() < rule.rate {
			f := rule.mix[rule.rng.IntN(len(rule.mix))]
			s.faultCount++
			return &f
		}
	}
	return nil
}

// finishesRequest reports whether the fault answers (or drops) the request
// instead of letting it be handled.
func (f *Fault) finishesRequest() bool { return f.DropBefore || f.Status != 0 }

func (f *Fault) apply(w http.ResponseWriter) {
	time.Sleep(f.Delay)
	if f.DropBefore {
		dropConnection(w)
		return
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	catalogError(w, f.Status, http.StatusText(f.Status))
}

// MixedFaults is every kind of fault wire/PROTOCOL.md §3 names, once.
func MixedFaults(retryAfter string) []Fault {
	return []Fault{
		{Status: http.StatusTooManyRequests, RetryAfter: retryAfter},
		{Status: http.StatusServiceUnavailable, RetryAfter: retryAfter},
		{Status: http.StatusInternalServerError},
		{Status: http.StatusBadGateway},
		{Status: http.StatusGatewayTimeout},
		{DropBefore: true},
		{DropAfter: true},
		{CutAnswer: true},
	}
}
