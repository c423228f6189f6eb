package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// ErrNotFound matches (with errors.Is) every error that means the object
// asked for does not exist on the platform.
var ErrNotFound = errors.New("not found")

// maxRawBody bounds how much of a non-JSON error body is quoted back.
const maxRawBody = 200

// APIError is an answer from the platform with a status that is not success.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// Message is the platform's own message, or the shortened raw body.
	Message  string
	notFound bool
}

func (e *APIError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("%s %s: HTTP %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	}
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.Path, e.StatusCode, e.Message)
}

// Is lets callers write errors.Is(err, client.ErrNotFound).
func (e *APIError) Is(target error) bool {
	return target == ErrNotFound && e.notFound
}

// errorEnvelope covers the three error bodies the platform is known to send
// (wire/PROTOCOL.md §1.4 and §2.3); their fields do not overlap.
type errorEnvelope struct {
	wire.CatalogError
	wire.OpsError
	wire.OpsFailure
}

// ParseErrorBody extracts the platform's message from an error body, falling
// back to the body text itself, shortened, when it is not a known envelope.
func ParseErrorBody(body []byte) string {
	var env errorEnvelope
	// A field of an unexpected type (a string Code, say) is skipped; the
	// others still decode.
	var typeErr *json.UnmarshalTypeError
	if err := json.Unmarshal(body, &env); err == nil || errors.As(err, &typeErr) {
		for _, m := range []string{env.Message, env.ErrorDescription, env.ResultMessage, env.Error} {
			if m != "" {
				return m
			}
		}
	}
	return shorten(strings.TrimSpace(string(body)), maxRawBody)
}

func shorten(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func newAPIError(method, path string, status int, body []byte) *APIError {
	msg := ParseErrorBody(body)
	return &APIError{
		Method:     method,
		Path:       path,
		StatusCode: status,
		Message:    msg,
		notFound:   isNotFound(path, status, msg),
	}
}

// isNotFound treats the newer apiops managers' 400 "... not found" as a 404.
func isNotFound(path string, status int, msg string) bool {
	if status == http.StatusNotFound {
		return true
	}
	return status == http.StatusBadRequest &&
		strings.HasPrefix(path, apiopsPrefix) &&
		strings.Contains(strings.ToLower(msg), "not found")
}

// ConflictError is a create refused because the name is taken: an API's in
// the tenant, or a version's within its API.
type ConflictError struct {
	// Kind is "API" or "version"; In is the API's ID for a version.
	Kind, Name, In string
	ExistingID     string
	Err            error
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s already exists (%s)", e.Subject(), e.ExistingID)
}

// Subject names what has the name: `an API named "x"`, or `version "2.0"
// of API api1.t`.
func (e *ConflictError) Subject() string {
	if e.Kind == "version" {
		return fmt.Sprintf("version %q of API %s", e.Name, e.In)
	}
	return fmt.Sprintf("an API named %q", e.Name)
}

func (e *ConflictError) Unwrap() error { return e.Err }

// UnconfirmedError is a create whose outcome stayed unknown: its answer was
// lost, Terraform stopped the provider, and looking for it by name found
// nothing in time. The platform may still create it.
type UnconfirmedError struct {
	What string
	Err  error
}

func (e *UnconfirmedError) Error() string {
	return fmt.Sprintf("creating %s: the platform did not say whether it did, and it was not found by name before stopping: %v", e.What, e.Err)
}

func (e *UnconfirmedError) Unwrap() error { return e.Err }

// StatusCode returns the HTTP status of an *APIError in err's chain, or 0.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}
