package client

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/hashicorp/go-cleanhttp"
)

// newTransport is the bottom of the chain: pooled connections, TLS 1.2 or
// later, and the user's CA file or insecure choice.
func newTransport(cfg Config) (*http.Transport, error) {
	t := cleanhttp.DefaultPooledTransport()
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.Insecure {
		tlsConfig.InsecureSkipVerify = true //nolint:gosec // the user asked for it with insecure = true
	}
	if cfg.CACertFile != "" {
		pem, err := os.ReadFile(cfg.CACertFile)
		if err != nil {
			return nil, fmt.Errorf("reading ca_cert_file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca_cert_file %q holds no PEM certificate", cfg.CACertFile)
		}
		tlsConfig.RootCAs = pool
	}
	t.TLSClientConfig = tlsConfig
	return t, nil
}

// wholeAnswerTransport reads every answer whole before handing it up. An
// answer cut off midway (the connection drops after the headers) is then a
// lost answer, which the retry rules know how to treat, rather than a short
// body that would fail to decode after the request can no longer be
// repeated.
type wholeAnswerTransport struct {
	next http.RoundTripper
}

func (t wholeAnswerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("the answer was cut off after %d bytes: %w", len(b), err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}
