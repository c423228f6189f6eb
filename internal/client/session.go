package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

// session is the /api/ login: one per client, created on first use and
// renewed once when the platform answers 401 to a request that carried it.
type session struct {
	// login serializes logins; values is read without it, because the
	// logging transport needs the values while a login is under way.
	login  sync.Mutex
	values atomic.Pointer[sessionValues]
}

type sessionValues struct {
	auth string // the AtmoAuthToken_{fedMemberID} cookie
	csrf string // the Csrf-Token_{fedMemberID} cookie, echoed as a header
}

func (s *session) current() (auth, csrf string) {
	if v := s.values.Load(); v != nil {
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

// ensureSession returns the current session, logging in when there is none.
// The lock is held across the login so parallel callers share one login.
func (c *Client) ensureSession(ctx context.Context) (auth, csrf string, err error) {
	c.session.login.Lock()
	defer c.session.login.Unlock()
	if auth, _ := c.session.current(); auth == "" {
		if err := c.loginLocked(ctx); err != nil {
			return "", "", err
		}
	}
	auth, csrf = c.session.current()
	return auth, csrf, nil
}

// renewSession logs in again unless another caller already replaced the
// session that was refused.
func (c *Client) renewSession(ctx context.Context, refused string) (auth, csrf string, err error) {
	c.session.login.Lock()
	defer c.session.login.Unlock()
	if auth, _ := c.session.current(); auth == refused || auth == "" {
		if err := c.loginLocked(ctx); err != nil {
			return "", "", err
		}
	}
	auth, csrf = c.session.current()
	return auth, csrf, nil
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (c *Client) loginLocked(ctx context.Context) error {
	cl := call{method: http.MethodPost, path: "/api/login", repeatable: true,
		body: loginRequest{Email: c.cfg.Email, Password: c.cfg.Password}}
	resp, err := c.send(ctx, cl)
	if err != nil {
		return &LoginError{Email: c.cfg.Email, Err: err}
	}
	if err := decode(cl, resp, nil); err != nil {
		return &LoginError{Email: c.cfg.Email, Err: err}
	}
	var auth, csrf string
	for _, ck := range (&http.Response{Header: resp.header}).Cookies() {
		switch ck.Name {
		case c.authCookieName():
			auth = ck.Value
		case c.csrfCookieName():
			csrf = ck.Value
		}
	}
	if auth == "" {
		return &LoginError{Email: c.cfg.Email, Err: errors.New("the platform set no " + c.authCookieName() +
			" cookie; check fed_member_id")}
	}
	c.session.values.Store(&sessionValues{auth: auth, csrf: csrf})
	return nil
}

// catalog sends an /api/ request with the session, logging in again once if
// the platform no longer accepts it.
func (c *Client) catalog(ctx context.Context, cl call, out any) error {
	auth, csrf, err := c.ensureSession(ctx)
	if err != nil {
		return err
	}
	resp, err := c.send(ctx, c.withSession(cl, auth, csrf))
	if err != nil {
		return err
	}
	if resp.status == http.StatusUnauthorized {
		if auth, csrf, err = c.renewSession(ctx, auth); err != nil {
			return err
		}
		if resp, err = c.send(ctx, c.withSession(cl, auth, csrf)); err != nil {
			return err
		}
	}
	return decode(cl, resp, out)
}

func (c *Client) withSession(cl call, auth, csrf string) call {
	h := map[string]string{"Cookie": c.authCookieName() + "=" + auth}
	if cl.method != http.MethodGet {
		h[c.csrfHeaderName()] = csrf
		h["Cookie"] += "; " + c.csrfCookieName() + "=" + csrf
	}
	cl.headers = h
	return cl
}
