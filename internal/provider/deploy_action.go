package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

var (
	_ action.ActionWithConfigure  = (*deployAction)(nil)
	_ action.ActionWithModifyPlan = (*deployAction)(nil)
)

// NewDeployAction is the platform_deploy action.
func NewDeployAction() action.Action { return &deployAction{} }

// deployAction deploys the saved API proxy to environments, as a promotion
// after a test stage or a rollback of an environment to what is saved.
type deployAction struct {
	proxyAction
}

type deployActionModel struct {
	proxyEnvironments
	WaitForLiveRoutes types.Bool   `tfsdk:"wait_for_live_routes"`
	Timeout           types.String `tfsdk:"timeout"`
}

func (a *deployAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deploy"
}

func (a *deployAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := proxyEnvironmentAttributes("deploy")
	attrs["wait_for_live_routes"] = actionschema.BoolAttribute{
		Optional: true,
		MarkdownDescription: "Wait, after deploying, until every gateway pod of each environment serves the proxy's route " +
			"(the platform's route-health, which the routing vendor's release of April 2026 added). Defaults to `false`.",
	}
	attrs["timeout"] = actionschema.StringAttribute{
		Optional: true,
		MarkdownDescription: "How long `wait_for_live_routes` waits, for all environments together, as a Go duration " +
			"such as `90s` or `10m`. Defaults to `\"5m\"`.",
		Validators: []validator.String{positiveDuration()},
	}
	resp.Schema = actionschema.Schema{
		MarkdownDescription: "Deploys the saved API proxy (its routing and settings as the platform holds them) to " +
			"environments of its project, one after the other, and optionally waits until the gateways serve it. Needs the " +
			"provider's `token`, with the API_MANAGEMENT + MANAGE permission in the project.",
		Attributes: attrs,
	}
}

func (a *deployAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m deployActionModel
	c, ok := invokeConfig(ctx, req.Config, a.data, &m, &resp.Diagnostics)
	timeout := durationOr(m.Timeout, liveRoutesTimeout)
	if !ok {
		return
	}
	project, proxy := m.ProjectName.ValueString(), m.APIProxyName.ValueString()
	envs := environments(m.Environments)
	if !knownEnvironments(ctx, c, project, envs, &resp.Diagnostics) {
		return
	}
	deployed := deploy(ctx, c, m.id(), project, proxy, envs, resp)
	if m.WaitForLiveRoutes.ValueBool() && len(deployed) > 0 {
		waitForDeployed(ctx, c, m.id(), project, proxy, deployed, timeout, resp)
	}
}

// deploy deploys to each of envs in turn and returns those it deployed to.
// A deployment already sent is carried through when Terraform asks the
// provider to stop (client.Finish), as for a deploying routing write;
// none is started after that. A failed deployment is an error naming the
// environment, and the others go on; an error from the platform ends it.
func deploy(ctx context.Context, c *client.Client, id, project, proxy string, envs []string, resp *action.InvokeResponse) []string {
	fctx, done := c.Finish(ctx)
	defer done()
	var deployed []string
	for i, env := range envs {
		if ctx.Err() != nil {
			resp.Diagnostics.AddError("Deployment interrupted",
				fmt.Sprintf("Terraform was interrupted: API proxy %s was not deployed to %s.", id, strings.Join(quotedNames(envs[i:]), ", ")))
			return deployed
		}
		progress(ctx, resp, "Deploying API proxy %s to %s", id, env)
		o, err := c.Deploy(fctx, project, proxy, env)
		switch {
		case err != nil:
			addClientError(&resp.Diagnostics, fmt.Sprintf("deploying API proxy %s to environment %q", id, env), err)
			return deployed
		case !o.Deployed:
			resp.Diagnostics.AddAttributeError(path.Root("environments"), "Deployment to "+env+" failed",
				fmt.Sprintf("Deploying API proxy %s to environment %q failed: %s Traffic there still uses the previous "+
					"deployment.", id, env, sentence(o.Message)))
		default:
			deployed = append(deployed, env)
			progress(ctx, resp, "Deployed API proxy %s to %s", id, env)
		}
	}
	return deployed
}

// waitForDeployed waits, up to timeout and for every environment of
// deployed at the same time, until their gateways serve the route, as
// platform_proxy_routing's wait_for_live_routes does.
func waitForDeployed(ctx context.Context, c *client.Client, id, project, proxy string, deployed []string, timeout time.Duration, resp *action.InvokeResponse) {
	progress(ctx, resp, "Waiting up to %s for the gateways of %s to serve API proxy %s", timeout, strings.Join(deployed, ", "), id)
	errs := waitLive(ctx, c, project, proxy, deployed, timeout, func(env string, h *wire.RouteHealth) {
		progress(ctx, resp, "API proxy %s is live in %s: %d of %d gateway pods serve it", id, env, h.PodsActive, h.PodsResponded)
	})
	for i, err := range errs {
		if err != nil {
			addDeployWaitError(ctx, &resp.Diagnostics, id, deployed[i], timeout, err)
		}
	}
}

// addDeployWaitError explains a wait that did not end with live routes.
func addDeployWaitError(ctx context.Context, diags *diag.Diagnostics, id, env string, timeout time.Duration, err error) {
	at := path.Root("wait_for_live_routes")
	var late *client.RouteTimeoutError
	switch {
	case errors.Is(err, client.ErrNoRouteHealth):
		diags.AddAttributeError(at, "The platform cannot tell whether routes are live",
			fmt.Sprintf("API proxy %s was deployed to %s, but this manager has no route-health endpoint (the routing "+
				"vendor added it in its April 2026 release), so wait_for_live_routes cannot wait. Remove "+
				"wait_for_live_routes for this platform.", id, env))
	case errors.As(err, &late) && ctx.Err() != nil:
		diags.AddAttributeWarning(at, "Stopped waiting for live routes",
			fmt.Sprintf("Terraform was interrupted while waiting for the route of API proxy %s to go live in %s (%s). "+
				"The proxy is deployed there; the gateways pick it up on their own.", id, env, podCounts(late.Last)))
	case errors.As(err, &late):
		diags.AddAttributeError(at, "Route in "+env+" not live in time",
			fmt.Sprintf("API proxy %s was deployed to %s, but after %s %s. Traffic there may still use the previous "+
				"deployment. Invoke the action again to deploy once more, or raise timeout to wait longer.",
				id, env, timeout, podCounts(late.Last)))
	default:
		addClientError(diags, fmt.Sprintf("waiting for the route of API proxy %s to go live in %s", id, env), err)
	}
}

// durationOr is a validated duration attribute's value, or def when unset.
func durationOr(v types.String, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(v.ValueString()); err == nil && d > 0 {
		return d
	}
	return def
}
