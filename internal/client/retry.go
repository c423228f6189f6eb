package client

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
)

type methodKey struct{}

// withMethod carries the HTTP method to checkRetry, which only sees the
// context when a request got no response.
func withMethod(ctx context.Context, method string) context.Context {
	return context.WithValue(ctx, methodKey{}, method)
}

func idempotent(ctx context.Context) bool {
	m, _ := ctx.Value(methodKey{}).(string)
	return m != http.MethodPost
}

// checkRetry follows PROTOCOL.md section 3: 429 and 503 mean the platform did
// not act, so every request may be repeated; 500, 502, 504 and lost answers
// are repeated only for idempotent methods, because a POST may have created
// the object already. A POST that never connected is safe to repeat.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if !idempotent(ctx) && !isDialError(err) {
			return false, nil
		}
		return retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true, nil
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return idempotent(ctx), nil
	}
	return false, nil
}

func isDialError(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}
