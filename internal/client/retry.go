package client

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
)

type repeatableKey struct{}

// withRepeatable tells checkRetry whether the request may be repeated after
// an answer that does not say whether the platform acted; checkRetry only
// sees the context when a request got no response.
func withRepeatable(ctx context.Context, repeatable bool) context.Context {
	return context.WithValue(ctx, repeatableKey{}, repeatable)
}

func idempotent(ctx context.Context) bool {
	r, _ := ctx.Value(repeatableKey{}).(bool)
	return r
}

// checkRetry follows PROTOCOL.md section 3: 429 and 503 mean the platform did
// not act, so every request may be repeated; 500, 502, 504 and lost answers
// are repeated only for idempotent requests, because a POST may have created
// the object already. A POST that never connected is safe to repeat, and so
// is a login: a second session does no harm.
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
