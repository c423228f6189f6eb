package client

import (
	"context"
	"fmt"
	"net/http"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// Deployments (wire/PROTOCOL.md §2.6): reading where a proxy runs, deploying
// it, and the recovery of a write that deploys. Such a write is never
// repeated blindly after an answer that may have been lost, since a repeat
// could deploy twice: the save is repeated without deploying, and each
// environment's deployment decides whether it still needs the explicit
// deploy.

// Deployment is the proxy's deployment in env: from px's deploymentList
// when the proxy's answer carries one (wire/PROTOCOL.md §2.7; it lists every
// environment of the project, so one it lacks does not exist), else from
// the environment's deploy status. px may be nil: the deploy status is
// asked. A missing environment or proxy is ErrNotFound.
func (c *Client) Deployment(ctx context.Context, project, proxy, env string, px *wire.APIProxy) (*wire.DeployStatus, error) {
	if px == nil || px.DeploymentList == nil {
		return c.DeployStatus(ctx, project, proxy, env)
	}
	for _, d := range px.DeploymentList {
		if d.EnvironmentName == env {
			return &wire.DeployStatus{Deployed: d.Deployed, RedeployRequired: d.RedeployRequired}, nil
		}
	}
	return nil, fmt.Errorf("environment %q of API proxy %s/%s: %w", env, project, proxy, ErrNotFound)
}

// Current reports whether the saved proxy is what runs in env: deployed
// there, and not changed since.
func (c *Client) Current(ctx context.Context, project, proxy, env string, px *wire.APIProxy) (bool, error) {
	st, err := c.Deployment(ctx, project, proxy, env, px)
	if err != nil {
		return false, err
	}
	return st.Deployed && !st.RedeployRequired, nil
}

// deployTo deploys the saved proxy to one environment (wire/PROTOCOL.md §2.6).
func (c *Client) deployTo(ctx context.Context, project, proxy, env string) (*wire.SettingsResult, error) {
	return c.settingsWrite(ctx, call{method: http.MethodPost, path: environmentPath(project, proxy, env)}, true)
}

// maxDeployRounds bounds the deploy-status checks after deployments whose
// answers were lost.
const maxDeployRounds = 5

// applyDeploying sends the deploying write of a routing change. When its outcome is unknown, the save is repeated without
// deploying (saving the same settings again is idempotent), then each
// environment's deploy status decides: an environment where the saved proxy
// is deployed and no redeploy is required was deployed by the lost request
// and is left alone; the others are deployed now.
func (c *Client) applyDeploying(ctx context.Context, project, proxy string, write settingsWriteFunc, envs []string) ([]DeployOutcome, error) {
	res, err := write(ctx, wire.Deploy{Deploy: true, DeployTargetEnvironmentNameList: envs})
	if err == nil {
		return c.outcomes(ctx, project, proxy, envs, res), nil
	}
	if !outcomeUnknown(err) {
		return nil, err
	}
	recovery(ctx, "a deploying write got no clear answer; saving again without deploying, then checking each environment",
		map[string]any{"api_proxy": project + "/" + proxy, "error": err.Error()})
	if _, err := write(ctx, wire.Deploy{}); err != nil {
		return nil, err
	}
	return c.deployWhereNeeded(ctx, project, proxy, envs, true)
}

// deployOnce deploys the saved proxy to env unless it already runs there.
// checkFirst reads the deploy status before the first deployment, after a
// deploying request whose answer was lost; a deployment whose own answer is
// lost is checked the same way, at most maxDeployRounds times.
func (c *Client) deployOnce(ctx context.Context, project, proxy, env string, checkFirst bool) (DeployOutcome, error) {
	for round := 0; round < maxDeployRounds; round++ {
		if checkFirst || round > 0 {
			live, err := c.Current(ctx, project, proxy, env, nil)
			if err != nil {
				return DeployOutcome{}, err
			}
			if live {
				recovery(ctx, "the lost deployment went through; not deploying again",
					map[string]any{"api_proxy": project + "/" + proxy, "environment": env})
				return DeployOutcome{Environment: env, Deployed: true}, nil
			}
			recovery(ctx, "the environment does not run the saved proxy; deploying it",
				map[string]any{"api_proxy": project + "/" + proxy, "environment": env})
		}
		res, err := c.deployTo(ctx, project, proxy, env)
		if err == nil {
			return c.outcomes(ctx, project, proxy, []string{env}, res)[0], nil
		}
		if !outcomeUnknown(err) {
			return DeployOutcome{}, err
		}
	}
	return DeployOutcome{}, fmt.Errorf("deploying API proxy %s/%s to %s: no answer after %d attempts", project, proxy, env, maxDeployRounds)
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
	live, err := c.Current(ctx, project, proxy, env, nil)
	switch {
	case err != nil:
		return DeployOutcome{Environment: env, Message: unreported + "reading its deploy status failed: " + err.Error()}
	case !live:
		return DeployOutcome{Environment: env, Message: unreported + "its deploy status shows the saved proxy is not deployed there."}
	}
	return DeployOutcome{Environment: env, Deployed: true}
}

// Deploy deploys the saved proxy to env (wire/PROTOCOL.md §2.6), whether
// or not it runs there already: a deployment asked for by name. A lost
// answer is recovered as deployOnce does, so that env is never deployed
// twice for one call.
func (c *Client) Deploy(ctx context.Context, project, proxy, env string) (DeployOutcome, error) {
	return c.deployOnce(ctx, project, proxy, env, false)
}

// Undeploy removes the proxy's deployment from env (DELETE on the
// environment's path, wire/PROTOCOL.md §2.6). It may be repeated after a
// lost answer: undeploying twice is undeploying once.
func (c *Client) Undeploy(ctx context.Context, project, proxy, env string) error {
	_, err := c.settingsWrite(ctx, call{method: http.MethodDelete, path: environmentPath(project, proxy, env)}, false)
	return err
}
