package client

import (
	"context"
	"net/http"
	"sync/atomic"

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

// patchOnly remembers that this platform refused PUT on the addresses path,
// so that later writes go straight to PATCH.
type patchOnly struct{ atomic.Bool }

// setAddresses replaces the proxy's whole address list (wire/PROTOCOL.md
// §2.2), as PUT or PATCH: see writeAddresses.
func (c *Client) setAddresses(ctx context.Context, project, proxy string, list []wire.RoutingAddress, d wire.Deploy) (*wire.SettingsResult, error) {
	if list == nil {
		list = []wire.RoutingAddress{}
	}
	cl := call{method: http.MethodPut, path: proxyPath(project, proxy) + "settings/addresses/",
		body: wire.AddressesUpdate{RoutingAddressList: list, Deploy: d}}
	return c.writeAddresses(ctx, cl, d.Deploy)
}

// setRoutingStatus changes only routingEnabled (wire/PROTOCOL.md §2.5).
func (c *Client) setRoutingStatus(ctx context.Context, project, proxy string, enabled bool, d wire.Deploy) (*wire.SettingsResult, error) {
	cl := call{method: http.MethodPatch, path: proxyPath(project, proxy) + "settings/routing-status/",
		body: wire.RoutingStatusUpdate{RoutingEnabled: &enabled, Deploy: d}}
	return c.settingsWrite(ctx, cl, d.Deploy)
}

// writeAddresses sends an address-list write, as PUT unless this platform
// refused PUT before (a recovery path listed in retry.go). Both carry the whole list, so
// either is idempotent and the PATCH may follow a refused PUT at once.
func (c *Client) writeAddresses(ctx context.Context, cl call, deploys bool) (*wire.SettingsResult, error) {
	if c.patchOnly.Load() {
		cl.method = http.MethodPatch
	}
	out, err := c.settingsWrite(ctx, cl, deploys)
	if cl.method != http.MethodPut || StatusCode(err) != http.StatusMethodNotAllowed {
		return out, err
	}
	recovery(ctx, "the platform refused PUT on the address list; sending it as PATCH from now on",
		map[string]any{"http_path": cl.path})
	c.patchOnly.Store(true)
	cl.method = http.MethodPatch
	return c.settingsWrite(ctx, cl, deploys)
}
