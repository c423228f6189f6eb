package client

import (
	"context"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// ListEnvironments lists the environments a project's proxies can be
// deployed to, in one request (wire/PROTOCOL.md §2.8), in the platform's
// order (none is promised). Every entry's Name is set: older managers say
// environmentName, and that is copied to it. A missing project, or one the
// token's user is no member of, is ErrNotFound.
func (c *Client) ListEnvironments(ctx context.Context, project string) ([]wire.Environment, error) {
	envs, err := list[wire.Environment](ctx, c, projectPath(project)+"environments/")
	if err != nil {
		return nil, err
	}
	for i := range envs {
		if envs[i].Name == "" {
			envs[i].Name = envs[i].EnvironmentName
		}
	}
	return envs, nil
}
