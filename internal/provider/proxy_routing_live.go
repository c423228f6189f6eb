package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// waitForLiveRoutes waits, up to timeout and for every environment at the
// same time, until the gateways of each environment in deployed serve the
// route. An environment whose route does not go live in time is an error,
// and is left out of envs so that the next plan deploys there again, as
// for a failed deployment. An interrupted wait leaves the environment in
// state: it was deployed.
func waitForLiveRoutes(ctx context.Context, c *client.Client, project, proxy string, deployed []string, envs types.Set,
	timeout time.Duration, diags *diag.Diagnostics) types.Set {
	if len(deployed) == 0 {
		return envs
	}
	errs := waitLive(ctx, c, project, proxy, deployed, timeout, nil)
	names := environments(envs)
	for i, env := range deployed {
		if errs[i] == nil {
			continue
		}
		if keep := addWaitError(ctx, diags, routingID(project, proxy), env, timeout, errs[i]); !keep {
			names = slices.DeleteFunc(names, func(n string) bool { return n == env })
		}
	}
	return environmentSet(names)
}

// waitLive waits, up to timeout and for every environment of envs at the
// same time, until the gateways of each serve the proxy's deployed route
// (client.WaitLive); errs[i] is why the route in envs[i] did not go live,
// nil when it did. live, when set, is told of each route as it goes live.
func waitLive(ctx context.Context, c *client.Client, project, proxy string, envs []string, timeout time.Duration,
	live func(env string, h *wire.RouteHealth)) (errs []error) {
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	errs = make([]error, len(envs))
	var wg sync.WaitGroup
	for i, env := range envs {
		wg.Go(func() {
			var h *wire.RouteHealth
			if h, errs[i] = c.WaitLive(waitCtx, project, proxy, env); errs[i] == nil && live != nil {
				live(env, h)
			}
		})
	}
	wg.Wait()
	return errs
}

// addWaitError explains a wait that did not end with live routes, and says
// whether the environment stays in state.
func addWaitError(ctx context.Context, diags *diag.Diagnostics, id, env string, timeout time.Duration, err error) (keep bool) {
	at := path.Root("wait_for_live_routes")
	var late *client.RouteTimeoutError
	switch {
	case errors.Is(err, client.ErrNoRouteHealth):
		diags.AddAttributeError(at, "The platform cannot tell whether routes are live",
			fmt.Sprintf("The routing of API proxy %s was saved and deployed to %s, but this manager has no route-health "+
				"endpoint (the routing vendor added it in its April 2026 release), so wait_for_live_routes cannot wait. "+
				"Remove wait_for_live_routes for this platform.", id, env))
		return true
	case errors.As(err, &late) && ctx.Err() != nil:
		diags.AddAttributeWarning(at, "Stopped waiting for live routes",
			fmt.Sprintf("Terraform was interrupted while waiting for the route of API proxy %s to go live in %s (%s). The "+
				"routing is saved and deployed there; the gateways pick it up on their own.", id, env, podCounts(late.Last)))
		return true
	case errors.As(err, &late):
		diags.AddAttributeError(at, "Route in "+env+" not live in time",
			fmt.Sprintf("The routing of API proxy %s was saved and deployed to %s, but after %s %s. Traffic there may "+
				"still use the previous routing. The next plan deploys there again; raise the timeouts block's create "+
				"or update to wait longer.", id, env, timeout, podCounts(late.Last)))
	default:
		addClientError(diags, fmt.Sprintf("waiting for the route of API proxy %s to go live in %s", id, env), err)
	}
	return false
}

func podCounts(h *wire.RouteHealth) string {
	if h == nil {
		return "route-health never answered"
	}
	return fmt.Sprintf("%d of the %d gateway pods that answered served the route", h.PodsActive, h.PodsResponded)
}
