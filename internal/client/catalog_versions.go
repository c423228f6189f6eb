package client

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// versionListReads is how many version lists ListVersionsOfEach reads at a
// time: enough to hide the round trip of each (1,000 APIs read one after
// another cost a second on a loopback mock, and much more over a network),
// as few as Terraform's own default parallelism, so that a manager sees no
// more at once than an apply would send it.
const versionListReads = 10

// ListVersionsOfEach lists the versions of each API of apiIDs (wire/PROTOCOL.md
// §1.5), oldest first, reading up to versionListReads lists at a time. An
// API that is gone by the time its list is read (404) has no entry in the
// answer; any other failure fails the whole read.
func (c *Client) ListVersionsOfEach(ctx context.Context, apiIDs []string) (map[string][]wire.APIListItem, error) {
	lists := make([][]wire.APIListItem, len(apiIDs))
	gone := make([]bool, len(apiIDs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(versionListReads)
	for i, id := range apiIDs {
		g.Go(func() error {
			items, err := c.ListVersions(gctx, id)
			if errors.Is(err, ErrNotFound) {
				gone[i] = true
				return nil
			}
			lists[i] = items
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make(map[string][]wire.APIListItem, len(apiIDs))
	for i, id := range apiIDs {
		if !gone[i] {
			out[id] = lists[i]
		}
	}
	return out, nil
}
