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
			return &ConflictError{Kind: "API", Name: body.Name, ExistingID: ids[0], Err: err}
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

func versionPath(id string) string { return "/api/apis/versions/" + url.PathEscape(id) }

// ListVersions lists an API's versions, oldest first, in one request
// (wire/PROTOCOL.md §1.5): each item's GUID is the APIVersionID, its Title
// the version's name.
func (c *Client) ListVersions(ctx context.Context, apiID string) ([]wire.APIListItem, error) {
	var out wire.APIList
	if err := c.catalogSession(ctx, call{method: http.MethodGet, path: apiPath(apiID) + "/versions"}, &out); err != nil {
		return nil, err
	}
	return out.Channel.Item, nil
}

// GetVersion reads one version by its own ID.
func (c *Client) GetVersion(ctx context.Context, id string) (*wire.APIVersion, error) {
	var out wire.APIVersion
	if err := c.catalogSession(ctx, call{method: http.MethodGet, path: versionPath(id)}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateVersion adds a version to an API; it becomes the API's latest. Like
// CreateAPI, the POST is never repeated blindly: see CreateVersionOnce.
func (c *Client) CreateVersion(ctx context.Context, apiID string, v *wire.APIVersion) (*wire.APIVersion, error) {
	var out wire.APIVersion
	if err := c.catalogSession(ctx, call{method: http.MethodPost, path: apiPath(apiID) + "/versions", body: v}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateVersionOnce adds a version and makes sure exactly one comes of it,
// even when the answer is lost: version names are unique within an API, so
// the versions list finds what a lost POST made (see createOnce). A 409 is a
// *ConflictError naming the version that has the name.
func (c *Client) CreateVersionOnce(ctx context.Context, apiID string, body *wire.APIVersion) (*wire.APIVersion, error) {
	return createOnce(ctx, c, creation[*wire.APIVersion]{
		what: fmt.Sprintf("version %q of API %s", body.Name, apiID),
		post: func(ctx context.Context) (*wire.APIVersion, error) { return c.CreateVersion(ctx, apiID, body) },
		adopt: func(ctx context.Context) (*wire.APIVersion, bool, error) {
			return c.adoptVersion(ctx, apiID, body)
		},
		conflict: func(ctx context.Context, err error) error {
			ids, lerr := c.findVersionsByName(ctx, apiID, body.Name)
			if lerr != nil || len(ids) != 1 {
				return err
			}
			return &ConflictError{Kind: "version", Name: body.Name, In: apiID, ExistingID: ids[0], Err: err}
		},
	})
}

func (c *Client) findVersionsByName(ctx context.Context, apiID, name string) ([]string, error) {
	items, err := c.ListVersions(ctx, apiID)
	if err != nil {
		return nil, err
	}
	return idsNamed(items, name), nil
}

// adoptVersion finds the version body names and writes body to it.
func (c *Client) adoptVersion(ctx context.Context, apiID string, body *wire.APIVersion) (*wire.APIVersion, bool, error) {
	ids, err := c.findVersionsByName(ctx, apiID, body.Name)
	if err != nil || len(ids) == 0 {
		return nil, false, err
	}
	if len(ids) > 1 {
		return nil, false, fmt.Errorf("%d versions of API %s are named %q", len(ids), apiID, body.Name)
	}
	v, err := c.UpdateVersion(ctx, ids[0], body)
	if err != nil {
		return &wire.APIVersion{APIVersionID: ids[0], APIID: apiID, Name: body.Name}, true, err
	}
	return v, true, nil
}

// UpdateVersion writes a version in place by its ID; a new name renames it.
func (c *Client) UpdateVersion(ctx context.Context, id string, v *wire.APIVersion) (*wire.APIVersion, error) {
	var out wire.APIVersion
	if err := c.catalogSession(ctx, call{method: http.MethodPut, path: versionPath(id), body: v}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteVersion removes one version. The platform deletes the API with its
// only version; callers that must not do that check first.
func (c *Client) DeleteVersion(ctx context.Context, id string) error {
	return c.catalogSession(ctx, call{method: http.MethodDelete, path: versionPath(id), accept: "text/plain"}, nil)
}
