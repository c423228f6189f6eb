package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

func apiPath(id string) string { return "/api/apis/" + url.PathEscape(id) }

// CreateAPI adds an API (wire/PROTOCOL.md §1.3). The POST is never repeated
// once it may have reached the platform; CreateAPIOnce recovers from a lost
// answer.
func (c *Client) CreateAPI(ctx context.Context, api *wire.API) (*wire.API, error) {
	var out wire.API
	if err := c.catalogSession(ctx, call{method: http.MethodPost, path: "/api/apis", body: api}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateAPIOnce creates an API and makes sure exactly one comes of it, even
// when the answer is lost (see createOnce). A 409 is a *ConflictError naming
// the API that has the name.
func (c *Client) CreateAPIOnce(ctx context.Context, body *wire.API) (*wire.API, error) {
	return createOnce(ctx, c, creation[*wire.API]{
		what: fmt.Sprintf("API %q", body.Name),
		post: func(ctx context.Context) (*wire.API, error) { return c.CreateAPI(ctx, body) },
		adopt: func(ctx context.Context) (*wire.API, bool, error) {
			return c.adoptAPI(ctx, body)
		},
		conflict: func(ctx context.Context, err error) error {
			ids, lerr := c.FindAPIsByName(ctx, body.Name)
			if lerr != nil || len(ids) != 1 {
				return err
			}
			return &ConflictError{Name: body.Name, ExistingID: ids[0], Err: err}
		},
	})
}

// adoptAPI finds the API body names and, when there is exactly one, writes
// body to it.
func (c *Client) adoptAPI(ctx context.Context, body *wire.API) (*wire.API, bool, error) {
	ids, err := c.FindAPIsByName(ctx, body.Name)
	if err != nil || len(ids) == 0 {
		return nil, false, err
	}
	if len(ids) > 1 {
		return nil, false, fmt.Errorf("%d APIs are named %q", len(ids), body.Name)
	}
	api, err := c.UpdateAPI(ctx, ids[0], body)
	if err != nil {
		return &wire.API{APIID: ids[0], Name: body.Name}, true, err
	}
	return api, true, nil
}

// GetAPI reads an API with its latest version.
func (c *Client) GetAPI(ctx context.Context, id string) (*wire.API, error) {
	var out wire.API
	if err := c.catalogSession(ctx, call{method: http.MethodGet, path: apiPath(id)}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateAPI writes an API and the version its body names.
func (c *Client) UpdateAPI(ctx context.Context, id string, api *wire.API) (*wire.API, error) {
	var out wire.API
	if err := c.catalogSession(ctx, call{method: http.MethodPut, path: apiPath(id), body: api}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteAPI removes an API and all its versions.
func (c *Client) DeleteAPI(ctx context.Context, id string) error {
	return c.catalogSession(ctx, call{method: http.MethodDelete, path: apiPath(id), accept: "text/plain"}, nil)
}

// ListAPIs lists every API of the tenant in one request.
func (c *Client) ListAPIs(ctx context.Context) ([]wire.APIListItem, error) {
	var out wire.APIList
	if err := c.catalogSession(ctx, call{method: http.MethodGet, path: "/api/apis"}, &out); err != nil {
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
	return idsNamed(items, name), nil
}

func idsNamed(items []wire.APIListItem, name string) []string {
	var ids []string
	for _, it := range items {
		if it.Title == name {
			ids = append(ids, it.GUID)
		}
	}
	return ids
}
