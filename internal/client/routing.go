package client

import (
	"context"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// RoutingChange is what one apply does to a proxy's routing: the settings
// to save, and the environments to deploy the saved proxy to.
type RoutingChange struct {
	// Addresses replaces the address list; nil leaves it as it is.
	Addresses []wire.RoutingAddress
	// RoutingEnabled sets routing on or off; nil leaves it as it is.
	RoutingEnabled *bool
	// Deploy lists the environments to deploy to once the settings are saved.
	Deploy []string
}

// DeployOutcome is what became of the deployment to one environment.
type DeployOutcome struct {
	Environment string
	Deployed    bool
	Message     string // the platform's message when the deployment failed
}

// ApplyRouting saves a routing change and deploys it. The last settings
// write carries the deployment, so that the platform deploys once; with
// nothing to save, each environment is deployed explicitly.
//
// A deployment is never repeated blindly: see applyDeploying.
func (c *Client) ApplyRouting(ctx context.Context, project, proxy string, ch RoutingChange) ([]DeployOutcome, error) {
	writes := c.routingWrites(project, proxy, ch)
	if len(writes) == 0 {
		return c.deployWhereNeeded(ctx, project, proxy, ch.Deploy, false)
	}
	last := len(writes) - 1
	if len(ch.Deploy) == 0 {
		last = len(writes)
	}
	for _, write := range writes[:last] {
		if _, err := write(ctx, wire.Deploy{}); err != nil {
			return nil, err
		}
	}
	if last == len(writes) {
		return nil, nil
	}
	return c.applyDeploying(ctx, project, proxy, writes[last], ch.Deploy)
}

type settingsWriteFunc func(context.Context, wire.Deploy) (*wire.SettingsResult, error)

func (c *Client) routingWrites(project, proxy string, ch RoutingChange) []settingsWriteFunc {
	var writes []settingsWriteFunc
	if ch.Addresses != nil {
		writes = append(writes, func(ctx context.Context, d wire.Deploy) (*wire.SettingsResult, error) {
			return c.setAddresses(ctx, project, proxy, ch.Addresses, d)
		})
	}
	if ch.RoutingEnabled != nil {
		writes = append(writes, func(ctx context.Context, d wire.Deploy) (*wire.SettingsResult, error) {
			return c.setRoutingStatus(ctx, project, proxy, *ch.RoutingEnabled, d)
		})
	}
	return writes
}

// ClearAddresses empties the proxy's address list and deploys nothing.
func (c *Client) ClearAddresses(ctx context.Context, project, proxy string) error {
	_, err := c.setAddresses(ctx, project, proxy, nil, wire.Deploy{})
	return err
}

// deployWhereNeeded deploys the saved proxy to each environment that does
// not run it yet. checkFirst reads the deploy status before the first
// deployment, after a deploying request whose answer was lost.
func (c *Client) deployWhereNeeded(ctx context.Context, project, proxy string, envs []string, checkFirst bool) ([]DeployOutcome, error) {
	out := make([]DeployOutcome, 0, len(envs))
	for _, env := range envs {
		o, err := c.deployOnce(ctx, project, proxy, env, checkFirst)
		if err != nil {
			return out, err
		}
		out = append(out, o)
	}
	return out, nil
}

// isLive reports whether the saved proxy is what runs in env.
func (c *Client) isLive(ctx context.Context, project, proxy, env string) (bool, error) {
	st, err := c.DeployStatus(ctx, project, proxy, env)
	if err != nil {
		return false, err
	}
	return st.Deployed && !st.RedeployRequired, nil
}

// outcomes reads the per-environment results of a deploying answer. An
// environment the answer does not report on (the newest manager may answer
// "deploymentResult": null) is looked up in its deploy status, so that an
// apply never claims a deployment the next refresh would not find.
func (c *Client) outcomes(ctx context.Context, project, proxy string, envs []string, res *wire.SettingsResult) []DeployOutcome {
	reported := map[string]wire.EnvironmentDeployment{}
	if res != nil && res.DeploymentResult != nil {
		for _, r := range res.DeploymentResult.DeploymentResults {
			reported[r.EnvironmentName] = r
		}
	}
	out := make([]DeployOutcome, 0, len(envs))
	for _, env := range envs {
		r, ok := reported[env]
		if !ok {
			out = append(out, c.statusOutcome(ctx, project, proxy, env))
			continue
		}
		out = append(out, DeployOutcome{Environment: env, Deployed: r.Success, Message: r.Message})
	}
	return out
}

func (c *Client) statusOutcome(ctx context.Context, project, proxy, env string) DeployOutcome {
	const unreported = "the platform's answer did not report on this environment, and "
	live, err := c.isLive(ctx, project, proxy, env)
	switch {
	case err != nil:
		return DeployOutcome{Environment: env, Message: unreported + "reading its deploy status failed: " + err.Error()}
	case !live:
		return DeployOutcome{Environment: env, Message: unreported + "its deploy status shows the saved proxy is not deployed there."}
	}
	return DeployOutcome{Environment: env, Deployed: true}
}
