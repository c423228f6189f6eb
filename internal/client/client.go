// Package client speaks the platform's management API (wire/PROTOCOL.md):
// the API catalog under /api/ with a login session, and API proxy operations
// under /apiops/ with a bearer token. It knows nothing of Terraform. What is
// repeated, and how a lost answer is recovered from, is in retry.go.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

const (
	apiPrefix    = "/api/"
	apiopsPrefix = "/apiops/"

	// maxResponseBody guards against a runaway answer filling memory.
	maxResponseBody = 16 << 20
)

// Config is everything the client needs. Empty credentials are allowed: the
// provider checks the ones a resource needs before it makes a call.
type Config struct {
	Endpoint       string
	Token          string
	FedMemberID    string
	Email          string
	Password       string
	Insecure       bool
	CACertFile     string
	RequestTimeout time.Duration
	MaxRetries     int
	UserAgent      string

	// RetryWaitMin and RetryWaitMax bound the backoff between attempts when
	// the platform gives no Retry-After; zero means 1s and 30s.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// RecoveryBound is how long a create whose answer was lost is looked
	// for by name once the caller has stopped; zero means 15s.
	RecoveryBound time.Duration
}

// Client is safe for concurrent use; Terraform calls resources in parallel.
type Client struct {
	cfg       Config
	base      *url.URL
	http      *retryablehttp.Client
	session   session
	patchOnly patchOnly
}

// New validates cfg and builds a client. It makes no request.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(cfg.Endpoint, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("endpoint %q is not an absolute http or https URL", cfg.Endpoint)
	}
	transport, err := newTransport(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, base: base}
	c.http = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport: &loggingTransport{next: wholeAnswerTransport{next: transport}, secrets: c.secrets},
			Timeout:   cfg.RequestTimeout,
		},
		RetryWaitMin:   orDefault(cfg.RetryWaitMin, time.Second),
		RetryWaitMax:   orDefault(cfg.RetryWaitMax, 30*time.Second),
		RetryMax:       cfg.MaxRetries,
		CheckRetry:     checkRetry,
		RequestLogHook: logRepeat,
		Backoff:        retryablehttp.DefaultBackoff,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
	}
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// secrets lists every value that must never reach a log line.
func (c *Client) secrets() []string {
	auth, csrf := c.session.values()
	out := make([]string, 0, 4)
	for _, s := range []string{c.cfg.Token, c.cfg.Password, auth, csrf} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// call describes one logical request; retries repeat it unchanged.
type call struct {
	method string
	path   string
	body   any
	// encoded is a body sent as it is, with its content type, instead of
	// body as JSON (a multipart upload).
	encoded *encodedBody
	accept  string
	headers map[string]string
	// repeatable marks a POST that is safe to repeat (the login);
	// unrepeatable marks another method that is not (a deploying write).
	repeatable   bool
	unrepeatable bool
}

type encodedBody struct {
	contentType string
	payload     []byte
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// send performs c with retries. Any status is returned as a response; err is
// only for requests that got no answer at all.
func (c *Client) send(ctx context.Context, cl call) (*response, error) {
	payload, contentType, err := cl.payload()
	if err != nil {
		return nil, err
	}
	ctx = withRepeatable(ctx, (cl.method != http.MethodPost || cl.repeatable) && !cl.unrepeatable)
	req, err := retryablehttp.NewRequestWithContext(ctx, cl.method, c.base.String()+cl.path, bodyOrNil(payload))
	if err != nil {
		return nil, err
	}
	accept := cl.accept
	if accept == "" {
		accept = "application/json"
	}
	req.Header.Set("Accept", accept)
	if payload != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	for k, v := range cl.headers {
		req.Header[k] = []string{v}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		return nil, &TransportError{Method: cl.method, Path: cl.path, URL: c.base.Redacted() + cl.path, Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return nil, &TransportError{Method: cl.method, Path: cl.path, URL: c.base.Redacted() + cl.path, Err: err}
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// payload is cl's body as sent, and its content type.
func (cl call) payload() ([]byte, string, error) {
	switch {
	case cl.encoded != nil:
		return cl.encoded.payload, cl.encoded.contentType, nil
	case cl.body == nil:
		return nil, "", nil
	}
	b, err := json.Marshal(cl.body)
	if err != nil {
		return nil, "", fmt.Errorf("encoding request body: %w", err)
	}
	return b, "application/json", nil
}

func bodyOrNil(b []byte) any {
	if b == nil {
		return nil
	}
	return bytes.NewReader(b)
}

// TransportError is a request that got no HTTP answer (after retries).
type TransportError struct {
	Method string
	Path   string
	// URL is the address the request was sent to: the endpoint and Path.
	URL string
	Err error
}

// Unreachable says whether the request never reached the platform: no
// connection could be made to the endpoint (refused, no such host, no
// route, a timeout while connecting). It returns the network's own words
// for why, e.g. "dial tcp 10.0.0.1:443: connect: connection refused".
func (e *TransportError) Unreachable() (why string, ok bool) {
	var opErr *net.OpError
	if !errors.As(e.Err, &opErr) || opErr.Op != "dial" {
		return "", false
	}
	return opErr.Error(), true
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: no answer from the platform: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// decode turns a response into out, or into an *APIError when it is not 2xx.
func decode(cl call, resp *response, out any) error {
	if resp.status < 200 || resp.status > 299 {
		return newAPIError(cl.method, cl.path, resp.status, resp.body)
	}
	if out == nil || len(bytes.TrimSpace(resp.body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		return &APIError{Method: cl.method, Path: cl.path, StatusCode: resp.status,
			Message: "unreadable answer: " + shorten(string(resp.body), maxRawBody)}
	}
	return nil
}
