package mockplatform

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

type session struct {
	csrf     string
	expires  time.Time
	requests int
}

func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) authCookie() string { return "AtmoAuthToken_" + s.cfg.FedMemberID }
func (s *Server) csrfCookie() string { return "Csrf-Token_" + s.cfg.FedMemberID }
func (s *Server) csrfHeader() string { return "X-Csrf-Token_" + s.cfg.FedMemberID }

func (s *Server) login(w http.ResponseWriter, r *http.Request, body []byte) {
	if r.Method != http.MethodPost {
		catalogError(w, http.StatusNotFound, "no such resource: "+r.Method+" "+r.URL.Path)
		return
	}
	var in wire.LoginRequest
	if err := json.Unmarshal(body, &in); err != nil || in.Email == "" {
		catalogError(w, http.StatusBadRequest, "login body must be {\"email\": ..., \"password\": ...}")
		return
	}
	if !s.knownUser(in) {
		catalogError(w, http.StatusUnauthorized, "Invalid email or password")
		return
	}
	now := s.now()
	expires := now.Add(s.cfg.SessionTTL)
	auth := "TokenID%3D" + randomToken() + "%2CexpirationTime%3D" + expires.UTC().Format("20060102150405")
	csrf := "TokenID%3D" + randomToken()
	s.mu.Lock()
	s.sessions[auth] = &session{csrf: csrf, expires: expires}
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: s.authCookie(), Value: auth, Path: "/", HttpOnly: true})
	http.SetCookie(w, &http.Cookie{Name: s.csrfCookie(), Value: csrf, Path: "/"})
	writeJSON(w, http.StatusOK, wire.LoginResponse{UserName: in.Email,
		UserFDN: "user." + in.Email + "." + s.cfg.FedMemberID, LoginDomainID: "com.soa.authenticator.atmo"})
}

func (s *Server) knownUser(in wire.LoginRequest) bool {
	for _, u := range s.cfg.Users {
		if u.Email == in.Email && u.Password == in.Password {
			return true
		}
	}
	return false
}

// authorize checks the session cookie and, for every method but GET, the
// CSRF header. It returns a message when the request must be refused.
func (s *Server) authorize(r *http.Request) string {
	c, err := r.Cookie(s.authCookie())
	if err != nil || c.Value == "" {
		return "Login required: no " + s.authCookie() + " cookie"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[c.Value]
	if !ok {
		return "Session is unknown or expired"
	}
	sess.requests++
	if s.now().After(sess.expires) ||
		(s.cfg.SessionMaxRequests > 0 && sess.requests > s.cfg.SessionMaxRequests) {
		delete(s.sessions, c.Value)
		s.expiries++
		return "Session is unknown or expired"
	}
	if r.Method != http.MethodGet && r.Header.Get(s.csrfHeader()) != sess.csrf {
		return "Missing or invalid " + s.csrfHeader() + " header"
	}
	return ""
}

// ExpireSessions ends every session, as a platform restart or timeout would.
func (s *Server) ExpireSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = map[string]*session{}
}

// SetSessionLimits changes how long new sessions last (zero: 30 minutes)
// and how many requests every session may serve (zero: unlimited).
func (s *Server) SetSessionLimits(ttl time.Duration, maxRequests int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ttl == 0 {
		ttl = 30 * time.Minute
	}
	s.cfg.SessionTTL, s.cfg.SessionMaxRequests = ttl, maxRequests
}

// Expiries counts the sessions that ran out of time or requests.
func (s *Server) Expiries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.expiries
}

// Logins counts successful logins.
func (s *Server) Logins() int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == "/api/login" && r.Status == http.StatusOK {
			n++
		}
	}
	return n
}
