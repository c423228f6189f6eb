package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

func apiPath(id string) string { return "/api/apis/" + url.PathEscape(id) }

// CreateAPI adds an API. The POST is never repeated once it may have reached
// the platform; see FindAPIByName for recovering from a lost answer.
func (c *Client) CreateAPI(ctx context.Context, api *wire.API) (*wire.API, error) {
	var out wire.API
	if err := c.catalog(ctx, call{method: http.MethodPost, path: "/api/apis", body: api}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) GetAPI(ctx context.Context, id string) (*wire.API, error) {
	var out wire.API
	if err := c.catalog(ctx, call{method: http.MethodGet, path: apiPath(id)}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) UpdateAPI(ctx context.Context, id string, api *wire.API) (*wire.API, error) {
	var out wire.API
	if err := c.catalog(ctx, call{method: http.MethodPut, path: apiPath(id), body: api}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteAPI removes an API and all its versions.
func (c *Client) DeleteAPI(ctx context.Context, id string) error {
	return c.catalog(ctx, call{method: http.MethodDelete, path: apiPath(id), accept: "text/plain"}, nil)
}

func (c *Client) ListAPIs(ctx context.Context) ([]wire.APIListItem, error) {
	var out wire.APIList
	if err := c.catalog(ctx, call{method: http.MethodGet, path: "/api/apis"}, &out); err != nil {
		return nil, err
	}
	return out.Channel.Item, nil
}

// FindAPIsByName returns the IDs of the APIs named name; names are unique in
// a tenant, so more than one means the platform broke that promise.
func (c *Client) FindAPIsByName(ctx context.Context, name string) ([]string, error) {
	items, err := c.ListAPIs(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, it := range items {
		if it.Title == name {
			ids = append(ids, it.GUID)
		}
	}
	return ids, nil
}
