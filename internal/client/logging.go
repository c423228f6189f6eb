package client

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const redacted = "REDACTED"

// loggingTransport logs every attempt at debug level, and does nothing else.
// Masks are added to the request's own context here because contexts from
// provider configuration do not reach the CRUD calls that send requests.
type loggingTransport struct {
	next    http.RoundTripper
	secrets func() []string
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if s := t.secrets(); len(s) > 0 {
		ctx = tflog.MaskMessageStrings(ctx, s...)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, s...)
	}
	reqBody, err := peekBody(&req.Body)
	if err != nil {
		return nil, err
	}
	tflog.Debug(ctx, "Sending request to the platform", map[string]any{
		"http_method":  req.Method,
		"http_url":     req.URL.String(),
		"http_headers": redactHeaders(req.Header),
		"http_body":    redactBody(req.URL.Path, uploadSummary(req, reqBody)),
	})
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		tflog.Debug(ctx, "Request to the platform failed", map[string]any{
			"http_method": req.Method, "http_url": req.URL.String(), "error": err.Error(),
		})
		return nil, err
	}
	respBody, err := peekBody(&resp.Body)
	if err != nil {
		return nil, err
	}
	tflog.Debug(ctx, "Received response from the platform", map[string]any{
		"http_method":  req.Method,
		"http_url":     req.URL.String(),
		"http_status":  resp.StatusCode,
		"http_headers": redactHeaders(resp.Header),
		"http_body":    respBody,
	})
	return resp, nil
}

// peekBody reads a body for logging and puts an equivalent reader back. The
// transport below has read answers whole, so this cannot be cut short.
func peekBody(body *io.ReadCloser) (string, error) {
	if *body == nil || *body == http.NoBody {
		return "", nil
	}
	b, err := io.ReadAll(io.LimitReader(*body, maxResponseBody))
	_ = (*body).Close()
	if err != nil {
		return "", err
	}
	*body = io.NopCloser(bytes.NewReader(b))
	return shorten(string(b), 8192), nil
}

func redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if isSecretHeader(k) {
			out[k] = redacted
			continue
		}
		out[k] = strings.Join(v, ", ")
	}
	return out
}

func isSecretHeader(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "cookie", "set-cookie", "proxy-authorization":
		return true
	}
	return strings.HasPrefix(n, "x-csrf-token")
}

// redactBody hides the login body entirely: it carries the password, and the
// value masks alone would still show its length and neighbours.
func redactBody(path, body string) string {
	if strings.HasSuffix(path, "/api/login") && body != "" {
		return redacted
	}
	return body
}
