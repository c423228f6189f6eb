package mockplatform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const maxBody = 1 << 20

// Server is the mock platform. All methods are safe for concurrent use.
type Server struct {
	mu       sync.Mutex
	cfg      Config
	sessions map[string]*session
	projects map[string]*projectRecord
	apis     map[string]*apiRecord
	apiOrder []string
	nextID   int
	requests []Request
	faults   []*faultRule
	now      func() time.Time

	faultCount int
	expiries   int
	latency    []RouteLatency
	inflight   atomic.Int64 // requests being served, for WaitIdle

	deployFailures []*deployFailure
	deployCount    map[string]int  // successful deployments by deployKey
	routePolls     map[string]int  // route-health reads by deployKey
	stalled        map[string]bool // environments whose pods pick nothing up, by stallKey
	events         io.Writer       // where deployments are told, if anywhere

	specClient     *http.Client // reads the specUrl of a proxy made from one
	nextEndpointID int
}

// LogEvents makes the mock tell w about every deployment and undeployment,
// as the standalone command does for people watching it.
func (s *Server) LogEvents(w io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = w
}

// event tells the events writer, if any; s.mu must be held.
func (s *Server) event(format string, args ...any) {
	if s.events != nil {
		_, _ = fmt.Fprintf(s.events, format+"\n", args...)
	}
}

// Request is one request the mock served, as tests inspect it.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
	Status int
}

// New builds a mock platform from cfg.
func New(cfg Config) *Server {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 30 * time.Minute
	}
	s := &Server{
		cfg:         cfg,
		sessions:    map[string]*session{},
		projects:    map[string]*projectRecord{},
		apis:        map[string]*apiRecord{},
		nextID:      10000,
		now:         time.Now,
		deployCount: map[string]int{},
		routePolls:  map[string]int{},
		stalled:     map[string]bool{},
		specClient:  newSpecClient(cfg.SpecFetchTimeout),
	}
	for _, p := range cfg.Projects {
		s.projects[p.Name] = s.newProjectRecord(p)
	}
	for _, l := range cfg.Latency {
		s.setLatencyLocked(RouteLatency{Method: strings.ToUpper(l.Method), PathPrefix: l.PathPrefix, Delay: l.Delay})
	}
	s.seedCatalog(cfg.APIs)
	if cfg.Estate != nil {
		s.seedEstate(*cfg.Estate)
	}
	return s
}

// ServeHTTP waits out the route's latency, applies any injected fault,
// routes the request and records it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == statsPath {
		s.serveStats(w, r)
		return
	}
	s.inflight.Add(1)
	defer s.inflight.Add(-1)
	limit := maxBody
	if strings.HasSuffix(r.URL.Path, "/apiProxies/file/") {
		limit = maxSpecBody
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil || len(body) > limit {
		s.record(r, body, http.StatusBadRequest)
		s.badBody(w, r.URL.Path)
		return
	}
	// A slow route spends its delay once the request has arrived whole and
	// before it is handled. Nothing here watches r.Context(): a client that
	// gives up meanwhile does not stop the request, which is carried out
	// and recorded as a real server would.
	if d := s.latencyFor(r.Method, r.URL.Path); d > 0 {
		time.Sleep(d)
	}
	fault := s.takeFault(r.Method, r.URL.Path)
	if fault != nil && fault.finishesRequest() {
		// Record before acting: once the connection drops, the client's
		// retry may finish before this handler would get to it.
		s.record(r, body, fault.Status)
		fault.apply(w)
		return
	}
	if fault != nil {
		time.Sleep(fault.Delay)
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	s.route(rec, r, body)
	s.record(r, body, rec.status)
	if fault != nil && fault.SlowAnswer > 0 {
		time.Sleep(fault.SlowAnswer)
	}
	if fault != nil && fault.DropAfter {
		dropConnection(w)
		return
	}
	if fault != nil && fault.CutAnswer {
		rec.flushHalf(w)
		dropConnection(w)
		return
	}
	rec.flush(w)
}

// badBody answers a body that cannot be read or is too large, in the
// error envelope of the path's surface: a client of /apiops/ reads only
// that one (wire/PROTOCOL.md §2.3).
func (s *Server) badBody(w http.ResponseWriter, path string) {
	const msg = "request body unreadable or too large"
	if strings.HasPrefix(path, "/apiops/") {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", msg)
		return
	}
	catalogError(w, http.StatusBadRequest, msg)
}

func (s *Server) record(r *http.Request, body []byte, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path,
		Header: r.Header.Clone(), Body: body, Status: status})
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, body []byte) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		s.routeCatalog(w, r, body)
	case strings.HasPrefix(r.URL.Path, "/apiops/"):
		s.routeAPIOps(w, r, body)
	default:
		catalogError(w, http.StatusNotFound, "no such resource: "+r.URL.Path)
	}
}

// Requests returns a copy of every request served so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests forgets the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// CountRequests counts served requests by method and path prefix; an empty
// method matches every method.
func (s *Server) CountRequests(method, pathPrefix string) int {
	n := 0
	for _, r := range s.Requests() {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// recorder buffers a response so that a fault can drop it after handling.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

func (r *recorder) flush(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body.Bytes())
}

// flushHalf announces the whole body's length but writes only half of it;
// an empty body is announced as one byte, so that it too is cut short.
func (r *recorder) flushHalf(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	body := r.body.Bytes()
	w.Header().Set("Content-Length", strconv.Itoa(max(len(body), 1)))
	w.WriteHeader(r.status)
	_, _ = w.Write(body[:len(body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
