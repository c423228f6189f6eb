package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// ErrNoRouteHealth is a manager that cannot tell whether routes are live:
// releases before the vendor's current one have no route-health endpoint.
var ErrNoRouteHealth = errors.New("this manager has no route-health endpoint (the routing vendor's releases before April 2026)")

// RouteTimeoutError is a wait for live routes that ran out of time.
type RouteTimeoutError struct {
	Environment string
	Last        *wire.RouteHealth // nil when no answer came at all
	Err         error
}

func (e *RouteTimeoutError) Error() string {
	if e.Last == nil {
		return fmt.Sprintf("the route in %s did not go live in time, and route-health never answered: %v", e.Environment, e.Err)
	}
	return fmt.Sprintf("the route in %s did not go live in time: %d of %d gateway pods serve it", e.Environment,
		e.Last.PodsActive, e.Last.PodsResponded)
}

func (e *RouteTimeoutError) Unwrap() error { return e.Err }

// Live reports whether every gateway pod that answered serves the route,
// and at least one answered (wire/PROTOCOL.md §2.7).
func Live(h *wire.RouteHealth) bool {
	return h != nil && h.PodsResponded > 0 && h.PodsActive == h.PodsResponded
}

// WaitLive polls route-health of env until the route is live, backing off
// between polls, until ctx ends. Deployed does not mean traffic flows: the
// pods pick a new route up within seconds.
func (c *Client) WaitLive(ctx context.Context, project, proxy, env string) (*wire.RouteHealth, error) {
	var last *wire.RouteHealth
	wait := c.pollInterval()
	for {
		h, err := c.RouteHealth(ctx, project, proxy, env)
		switch {
		case errors.Is(err, ErrNotFound):
			return nil, fmt.Errorf("%w: %w", ErrNoRouteHealth, err)
		case err != nil && ctx.Err() == nil:
			return last, err
		case err == nil:
			last = h
			if Live(h) {
				return h, nil
			}
		}
		if ctx.Err() != nil || sleepCtx(ctx, wait) != nil {
			return last, &RouteTimeoutError{Environment: env, Last: last, Err: ctx.Err()}
		}
		wait = min(wait*3/2, c.maxPollInterval())
	}
}

// The polls start at half the shortest retry wait (500 ms by default) and
// grow by half each time, up to a sixth of the longest (5 s): gateways
// usually pick a route up in a few seconds.
func (c *Client) pollInterval() time.Duration    { return max(c.http.RetryWaitMin/2, time.Millisecond) }
func (c *Client) maxPollInterval() time.Duration { return max(c.http.RetryWaitMax/6, c.pollInterval()) }
