package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

func projectPath(project string) string {
	return apiopsPrefix + "projects/" + url.PathEscape(project) + "/"
}

func proxyPath(project, proxy string) string {
	return projectPath(project) + "apiProxies/" + url.PathEscape(proxy) + "/"
}

func environmentPath(project, proxy, env string) string {
	return proxyPath(project, proxy) + "environments/" + url.PathEscape(env) + "/"
}

func (c *Client) apiops(ctx context.Context, cl call) (*response, error) {
	cl.headers = map[string]string{"Authorization": "Bearer " + c.cfg.Token}
	return c.send(ctx, cl)
}

// getOps sends a GET and decodes its answer into out.
func (c *Client) getOps(ctx context.Context, p string, out any) error {
	cl := call{method: http.MethodGet, path: p}
	resp, err := answered(ctx, cl, func() (*response, error) { return c.apiops(ctx, cl) })
	if err != nil {
		return err
	}
	return decode(cl, resp, out)
}

// unwrap returns the single object of a newer manager's resultList
// envelope, or raw itself when it is the bare object.
func unwrap(cl call, status int, raw json.RawMessage) (json.RawMessage, error) {
	var env wire.ResultList[json.RawMessage]
	if err := json.Unmarshal(raw, &env); err != nil || env.ResultList == nil {
		return raw, nil
	}
	if len(env.ResultList) == 0 {
		return nil, &APIError{Method: cl.method, Path: cl.path, StatusCode: status,
			Message: "the platform returned an empty resultList", notFound: true}
	}
	return env.ResultList[0], nil
}

func emptyList(raw json.RawMessage) bool {
	var env wire.ResultList[json.RawMessage]
	return json.Unmarshal(raw, &env) == nil && env.ResultList != nil && len(env.ResultList) == 0
}

// GetAPIProxy reads a proxy, in either the bare or the wrapped form.
func (c *Client) GetAPIProxy(ctx context.Context, project, proxy string) (*wire.APIProxy, error) {
	return getOne[wire.APIProxy](ctx, c, proxyPath(project, proxy), nil)
}

// getOne reads one object at p, bare or wrapped in a newer manager's
// resultList. emptyMeans, when not nil, is what an empty resultList means;
// otherwise it is "not found".
func getOne[T any](ctx context.Context, c *Client, p string, emptyMeans *T) (*T, error) {
	cl := call{method: http.MethodGet, path: p}
	var raw json.RawMessage
	if err := c.getOps(ctx, p, &raw); err != nil {
		return nil, err
	}
	if emptyMeans != nil && emptyList(raw) {
		return emptyMeans, nil
	}
	obj, err := unwrap(cl, http.StatusOK, raw)
	if err != nil {
		return nil, err
	}
	var out T
	if err := decode(cl, &response{status: http.StatusOK, body: obj}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// list decodes a list answer: the documented {"resultList": [...]}
// envelope (with "status" or "success"), or a bare array.
func list[T any](ctx context.Context, c *Client, p string) ([]T, error) {
	cl := call{method: http.MethodGet, path: p}
	var raw json.RawMessage
	if err := c.getOps(ctx, p, &raw); err != nil {
		return nil, err
	}
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '[' {
		var out []T
		err := decode(cl, &response{status: http.StatusOK, body: trimmed}, &out)
		return out, err
	}
	var env wire.ResultList[T]
	if err := decode(cl, &response{status: http.StatusOK, body: raw}, &env); err != nil {
		return nil, err
	}
	if err := failure(cl, env.Success, env.Status, env.ResultMessage); err != nil {
		return nil, err
	}
	return env.ResultList, nil
}

// ListAPIProxies lists a project's API proxies in one request.
func (c *Client) ListAPIProxies(ctx context.Context, project string) ([]wire.ProxyListItem, error) {
	return list[wire.ProxyListItem](ctx, c, projectPath(project)+"apiProxies/")
}

// ListProjects lists the projects the token's user can see, in one
// request (wire/PROTOCOL.md §2.4).
func (c *Client) ListProjects(ctx context.Context) ([]wire.Project, error) {
	return list[wire.Project](ctx, c, apiopsPrefix+"projects/")
}

// DeployStatus reads a proxy's deployment in one environment. An empty
// resultList means the environment exists (else a "not found") and holds no
// deployment record: not deployed.
func (c *Client) DeployStatus(ctx context.Context, project, proxy, env string) (*wire.DeployStatus, error) {
	return getOne(ctx, c, environmentPath(project, proxy, env)+"deploy-status/", &wire.DeployStatus{})
}

// failure turns an answer that says it failed despite a 2xx status into
// an error.
func failure(cl call, success *bool, status string, msg *string) error {
	if (success == nil || *success) && !strings.EqualFold(status, "FAILURE") {
		return nil
	}
	text := "the platform reported a failure"
	if msg != nil && *msg != "" {
		text = *msg
	}
	return &APIError{Method: cl.method, Path: cl.path, StatusCode: http.StatusOK, Message: text}
}

// settingsWrite sends a settings write or a deploy and reads its answer. A
// write that deploys is not repeated after an answer that may have been
// lost, since a repeat could deploy twice: applyDeploying and deployOnce
// recover instead.
func (c *Client) settingsWrite(ctx context.Context, cl call, deploys bool) (*wire.SettingsResult, error) {
	cl.unrepeatable = deploys
	resp, err := c.apiops(ctx, cl)
	if err != nil {
		return nil, err
	}
	var out wire.SettingsResult
	if err := decode(cl, resp, &out); err != nil {
		return nil, err
	}
	if err := failure(cl, out.Success, out.Status, out.ResultMessage); err != nil {
		return nil, err
	}
	return &out, nil
}

// RouteHealth reads whether the gateways of env serve the proxy's deployed
// route yet (wire/PROTOCOL.md §2.7). Managers before the current release
// have no such endpoint: their "not found" is ErrNotFound.
func (c *Client) RouteHealth(ctx context.Context, project, proxy, env string) (*wire.RouteHealth, error) {
	return getOne[wire.RouteHealth](ctx, c, environmentPath(project, proxy, env)+"route-health/", nil)
}
