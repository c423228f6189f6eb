package mockplatform

import (
	"net/http"
	"net/http/httptest"
)

// TB is what Start needs of a test; *testing.T and *testing.B have it.
// Taking an interface keeps the testing package out of the standalone mock.
type TB interface {
	Helper()
	Cleanup(func())
}

// Running is a mock platform served on a loopback port for one test.
type Running struct {
	*Server
	URL string
}

// Start serves a mock built from cfg on a loopback port until the test
// ends. Every test that needs the mock, in every package, starts it here.
func Start(tb TB, cfg Config) *Running {
	tb.Helper()
	return StartHandler(tb, New(cfg), nil)
}

// StartHandler serves srv until the test ends, through wrap when it is not
// nil (a test that rewrites some answers on their way out).
func StartHandler(tb TB, srv *Server, wrap func(http.Handler) http.Handler) *Running {
	tb.Helper()
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	hs := httptest.NewServer(h)
	tb.Cleanup(hs.Close)
	return &Running{Server: srv, URL: hs.URL}
}
