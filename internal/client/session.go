package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// session is the /api/ login: one per client, created on first use and
// renewed once per expiry.
type session struct {
	// login serializes logins; current is read without it, because the
	// logging transport needs the values while a login is under way.
	login   sync.Mutex
	current atomic.Pointer[sessionValues]
}

type sessionValues struct {
	auth string // the AtmoAuthToken_{fedMemberID} cookie
	csrf string // the Csrf-Token_{fedMemberID} cookie, echoed as a header

	// served is set once the platform accepted the session: a 401 after
	// that means it expired, not that it was refused. inFlight counts the
	// requests still out with it, so that a 401 can wait for their verdict.
	mu       sync.Mutex
	idle     *sync.Cond
	inFlight int
	served   bool
}

func newSessionValues() *sessionValues {
	v := &sessionValues{}
	v.idle = sync.NewCond(&v.mu)
	return v
}

func (v *sessionValues) start() {
	v.mu.Lock()
	v.inFlight++
	v.mu.Unlock()
}

// finish records one request's outcome. For a refusal (401) it reports
// whether the session was ever accepted, waiting first for the requests
// still out with it: one of them may be about to prove it was.
func (v *sessionValues) finish(accepted, refused bool) (servedBefore bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.inFlight--
	if accepted {
		v.served = true
	}
	v.idle.Broadcast()
	for refused && !v.served && v.inFlight > 0 {
		v.idle.Wait()
	}
	return v.served
}

func (s *session) values() (auth, csrf string) {
	if v := s.current.Load(); v != nil {
		return v.auth, v.csrf
	}
	return "", ""
}

// LoginError is a login the platform refused or answered unusably.
type LoginError struct {
	Email string
	Err   error
}

func (e *LoginError) Error() string {
	return fmt.Sprintf("logging in as %q: %v", e.Email, e.Err)
}

func (e *LoginError) Unwrap() error { return e.Err }

func (c *Client) authCookieName() string { return "AtmoAuthToken_" + c.cfg.FedMemberID }
func (c *Client) csrfCookieName() string { return "Csrf-Token_" + c.cfg.FedMemberID }
func (c *Client) csrfHeaderName() string { return "X-Csrf-Token_" + c.cfg.FedMemberID }

// renewSession returns a session to use instead of refused (nil: none yet).
// It logs in only if refused is still the current session, so parallel
// callers that met the same expiry share one login.
func (c *Client) renewSession(ctx context.Context, refused *sessionValues) (*sessionValues, error) {
	c.session.login.Lock()
	defer c.session.login.Unlock()
	if cur := c.session.current.Load(); cur != nil && cur != refused {
		return cur, nil
	}
	v, err := c.loginLocked(ctx)
	if err != nil {
		return nil, err
	}
	c.session.current.Store(v)
	return v, nil
}

func (c *Client) loginLocked(ctx context.Context) (*sessionValues, error) {
	cl := call{method: http.MethodPost, path: "/api/login", repeatable: true,
		body: wire.LoginRequest{Email: c.cfg.Email, Password: c.cfg.Password}}
	resp, err := c.send(ctx, cl)
	if err != nil {
		return nil, &LoginError{Email: c.cfg.Email, Err: err}
	}
	if err := decode(cl, resp, nil); err != nil {
		return nil, &LoginError{Email: c.cfg.Email, Err: err}
	}
	v := newSessionValues()
	for _, ck := range (&http.Response{Header: resp.header}).Cookies() {
		switch ck.Name {
		case c.authCookieName():
			v.auth = ck.Value
		case c.csrfCookieName():
			v.csrf = ck.Value
		}
	}
	if v.auth == "" {
		return nil, &LoginError{Email: c.cfg.Email, Err: errors.New("the platform set no " + c.authCookieName() +
			" cookie; check fed_member_id")}
	}
	return v, nil
}

// maxSessionAttempts only guards against a platform that expires sessions
// faster than it serves them; expiries are otherwise followed as they come.
const maxSessionAttempts = 50

func (c *Client) withSession(cl call, auth, csrf string) call {
	h := map[string]string{"Cookie": c.authCookieName() + "=" + auth}
	if cl.method != http.MethodGet {
		h[c.csrfHeaderName()] = csrf
		h["Cookie"] += "; " + c.csrfCookieName() + "=" + csrf
	}
	cl.headers = h
	return cl
}
