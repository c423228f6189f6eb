package client

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"
)

// An endpoint nothing listens on: the error names the address tried, and
// says it was never reached.
func TestUnreachableEndpointIsNamed(t *testing.T) {
	te, _ := readUnreachable(t, "http://127.0.0.1:1")
	why, ok := te.Unreachable()
	if !ok || te.URL != "http://127.0.0.1:1/apiops/projects/ecommerce/apiProxies/orders-api/" || why == "" {
		t.Fatalf("Unreachable() = %q, %v; URL %q", why, ok, te.URL)
	}
}

// A password in the endpoint's user info stays out of the error.
func TestUnreachableEndpointHidesItsPassword(t *testing.T) {
	te, err := readUnreachable(t, "http://svc:s3cret-pw@127.0.0.1:1")
	if strings.Contains(te.URL, "s3cret-pw") || strings.Contains(err.Error(), "s3cret-pw") {
		t.Fatalf("the password is in the error: URL %q, %v", te.URL, err)
	}
	if te.URL != "http://svc:xxxxx@127.0.0.1:1/apiops/projects/ecommerce/apiProxies/orders-api/" {
		t.Fatalf("URL = %q, want the endpoint with its password redacted", te.URL)
	}
}

// readUnreachable reads a proxy from endpoint, where nothing listens, and
// returns the TransportError it meets.
func readUnreachable(t *testing.T, endpoint string) (*TransportError, error) {
	t.Helper()
	c, err := New(Config{Endpoint: endpoint, Token: "t", MaxRetries: 1,
		RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetAPIProxy(context.Background(), "ecommerce", "orders-api")
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a TransportError", err)
	}
	return te, err
}

// A host name that does not resolve is not repeated; a refused connection
// is (a manager restarting).
func TestHostNotFoundIsNotRepeated(t *testing.T) {
	ctx := withRepeatable(context.Background(), true)
	dial := func(inner error) error {
		return &url.Error{Op: "Get", URL: "https://manager.example.invalid/api/apis", Err: &net.OpError{Op: "dial", Net: "tcp", Err: inner}}
	}
	if retry, _ := checkRetry(ctx, nil, dial(&net.DNSError{Err: "no such host", Name: "manager.example.invalid", IsNotFound: true})); retry {
		t.Error("a host that does not resolve is repeated")
	}
	if retry, _ := checkRetry(ctx, nil, dial(errors.New("connect: connection refused"))); !retry {
		t.Error("a refused connection is not repeated")
	}
}
