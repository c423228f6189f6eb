package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// API proxies made from a specification (wire/PROTOCOL.md §2.9): created and
// re-parsed from a document uploaded as multipart/form-data or from a URL
// the platform reads, and deleted. What is repeated after a lost answer is
// listed in retry.go; the recoveries themselves are here.

// ProxySource is the specification a proxy is made from: the document's
// text, uploaded as the specFile part of .../apiProxies/file/, or a URL the
// platform reads during the call (.../apiProxies/url/). Exactly one of
// Document and URL is set.
type ProxySource struct {
	Document []byte
	URL      string
}

func (src ProxySource) check() error {
	if (len(src.Document) == 0) == (src.URL == "") {
		return errors.New("an API proxy's specification is either its document or its URL: exactly one must be given")
	}
	return nil
}

func (src ProxySource) path(project string) string {
	if src.URL != "" {
		return projectPath(project) + "apiProxies/url/"
	}
	return projectPath(project) + "apiProxies/file/"
}

// fileName names the upload (the platform takes any name) after the
// document's form.
func (src ProxySource) fileName() string {
	if bytes.HasPrefix(bytes.TrimSpace(src.Document), []byte("{")) {
		return "openapi.json"
	}
	return "openapi.yaml"
}

// ProxyExistsError is a create refused because the project already has an
// API proxy of that name, of whatever kind (§2.9: 400 "... is already
// exist!"). ExistingID is the proxy's import ID, "project/name".
type ProxyExistsError struct {
	Project, Name string
	ExistingID    string
	Err           error
}

func (e *ProxyExistsError) Error() string {
	return fmt.Sprintf("%s already exists (%s)", e.Subject(), e.ExistingID)
}

// Subject names what has the name: `an API proxy named "x" in project "p"`.
func (e *ProxyExistsError) Subject() string {
	return fmt.Sprintf("an API proxy named %q in project %q", e.Name, e.Project)
}

func (e *ProxyExistsError) Unwrap() error { return e.Err }

// UnknownEnvironmentError is a write that named an environment to deploy to
// which the project does not have (§2.6, §2.9: 400 "Environment (x) is not
// found!"); nothing was saved. It is not ErrNotFound, although newer
// managers' message says "not found": the proxy itself is there.
type UnknownEnvironmentError struct {
	Project, Environment string
	Err                  error // the platform's answer, an *APIError
}

func (e *UnknownEnvironmentError) Error() string {
	return fmt.Sprintf("project %q has no environment %q: %v", e.Project, e.Environment, e.Err)
}

func (e *UnknownEnvironmentError) Unwrap() error { return e.Err }

// UndeployOutcome is what became of a deleted proxy in one environment of
// its project.
type UndeployOutcome struct {
	Environment string
	Undeployed  bool
	Message     string // the platform's message
}

// CreateAPIProxy makes a REST proxy in project from a specification, as
// meta describes it (§2.9), and, when meta.Deploy names environments,
// deploys it there in the same request; it returns each deployment's
// outcome (nil when none was asked for). meta.SpecURL and meta.ReParse are
// set from src and the call. The platform's answer does not hold the
// proxy: read it with GetAPIProxy.
//
// Exactly one proxy comes of it, through createOnce: after a lost answer or
// a 500/502/504 the proxy is read by name before the POST is sent again.
// Found, it is this create's, and it is deployed only where its deploy
// status says it does not run yet, so a lost deploying create deploys
// once. A name already taken is a *ProxyExistsError, except right after
// this create's own lost attempt: then the proxy is this create's.
func (c *Client) CreateAPIProxy(ctx context.Context, project string, meta wire.SpecProxyMetadata, src ProxySource) ([]DeployOutcome, error) {
	if err := src.check(); err != nil {
		return nil, err
	}
	meta.ReParse = false
	name, envs := meta.APIProxyName, deployTargets(meta)
	adopt := func(ctx context.Context) ([]DeployOutcome, bool, error) {
		if _, err := c.GetAPIProxy(ctx, project, name); err != nil {
			if errors.Is(err, ErrNotFound) {
				return nil, false, nil
			}
			return nil, false, err
		}
		out, err := c.deployWhereNeeded(ctx, project, name, envs, true)
		return out, true, err
	}
	lost := false
	return createOnce(ctx, c, creation[[]DeployOutcome]{
		what: fmt.Sprintf("API proxy %q in project %q", name, project),
		post: func(ctx context.Context) ([]DeployOutcome, error) {
			res, err := c.specWrite(ctx, http.MethodPost, project, meta, src, len(envs) > 0)
			switch {
			case err == nil:
				return c.deployOutcomes(ctx, project, name, envs, res), nil
			case alreadyExists(err) && lost:
				recovery(ctx, "the name is taken right after this create's lost attempt: the proxy is this create's",
					map[string]any{"api_proxy": project + "/" + name})
				out, found, aerr := adopt(ctx)
				if !found && aerr == nil {
					return nil, err
				}
				return out, aerr
			case alreadyExists(err):
				return nil, &ProxyExistsError{Project: project, Name: name, ExistingID: project + "/" + name, Err: err}
			}
			lost = lost || outcomeUnknown(err)
			return nil, err
		},
		adopt:    adopt,
		conflict: func(_ context.Context, err error) error { return err },
	})
}

// ReparseAPIProxy rebuilds a proxy made from a specification from a new
// document (§2.9: PUT with "reParse": true), keeping what meta leaves out,
// and deploys it where meta.Deploy asks; it returns each deployment's
// outcome (nil when none was asked for). A proxy that does not exist is
// ErrNotFound; one not made from a specification (or an AI proxy) is the
// platform's 400.
//
// A re-parse is idempotent and is repeated as any PUT. A deploying one is
// not (see applyDeploying): after a lost answer it is sent again without
// deploying, and each environment is then deployed where its deploy
// status says it is still needed. Every re-parse makes every deployment
// stale, so that repeat leaves each named environment to deploy again.
func (c *Client) ReparseAPIProxy(ctx context.Context, project string, meta wire.SpecProxyMetadata, src ProxySource) ([]DeployOutcome, error) {
	if err := src.check(); err != nil {
		return nil, err
	}
	meta.ReParse = true
	name, envs := meta.APIProxyName, deployTargets(meta)
	write := func(ctx context.Context, d wire.Deploy) (*wire.SettingsResult, error) {
		m := meta
		m.Deploy = d
		return c.specWrite(ctx, http.MethodPut, project, m, src, d.Deploy)
	}
	if len(envs) == 0 {
		_, err := c.specWrite(ctx, http.MethodPut, project, meta, src, false)
		return nil, err
	}
	return c.applyDeploying(ctx, project, name, write, envs)
}

// DeleteAPIProxy deletes a proxy of any kind, which the platform then
// undeploys from every environment of the project (§2.9); it returns each
// environment's outcome. A proxy that was not there is ErrNotFound.
//
// A delete whose answer is lost (or that got 500/502/504) is repeated, up
// to max_retries times; a repeat that meets "not found" has succeeded
// (the lost one deleted it), and returns no outcomes, which were lost.
func (c *Client) DeleteAPIProxy(ctx context.Context, project, proxy string) ([]UndeployOutcome, error) {
	// The HTTP layer does not repeat it (as for a deploying write): this
	// loop does, so that it knows a "not found" answers a repeat.
	cl := call{method: http.MethodDelete, path: proxyPath(project, proxy)}
	for attempt := 0; ; attempt++ {
		res, err := c.settingsWrite(ctx, cl, true)
		switch {
		case err == nil:
			return undeployOutcomes(res), nil
		case attempt > 0 && errors.Is(err, ErrNotFound):
			recovery(ctx, "the repeated delete found no proxy: the lost one deleted it", map[string]any{"api_proxy": project + "/" + proxy})
			return nil, nil
		case !outcomeUnknown(err) || attempt >= c.cfg.MaxRetries || ctx.Err() != nil || stopped(ctx):
			return nil, err
		}
		recovery(ctx, "a delete got no clear answer; repeating it", map[string]any{"api_proxy": project + "/" + proxy, "error": err.Error()})
		if sleepCtx(ctx, c.backoff(attempt)) != nil {
			return nil, err
		}
	}
}

func deployTargets(meta wire.SpecProxyMetadata) []string {
	if !meta.Deploy.Deploy {
		return nil
	}
	return meta.DeployTargetEnvironmentNameList
}

func (c *Client) deployOutcomes(ctx context.Context, project, proxy string, envs []string, res *wire.SettingsResult) []DeployOutcome {
	if len(envs) == 0 {
		return nil
	}
	return c.outcomes(ctx, project, proxy, envs, res)
}

func undeployOutcomes(res *wire.SettingsResult) []UndeployOutcome {
	if res == nil || res.DeploymentResult == nil {
		return nil
	}
	out := make([]UndeployOutcome, 0, len(res.DeploymentResult.DeploymentResults))
	for _, r := range res.DeploymentResult.DeploymentResults {
		out = append(out, UndeployOutcome{Environment: r.EnvironmentName, Undeployed: r.Success, Message: r.Message})
	}
	return out
}

// specWrite sends a create or re-parse in src's form and reads its answer;
// deploys marks a write the HTTP layer must not repeat (a POST never is).
func (c *Client) specWrite(ctx context.Context, method, project string, meta wire.SpecProxyMetadata, src ProxySource, deploys bool) (*wire.SettingsResult, error) {
	cl := call{method: method, path: src.path(project)}
	var res *wire.SettingsResult
	var err error
	if src.URL != "" {
		meta.SpecURL = src.URL
		cl.body = meta
		res, err = c.settingsWrite(ctx, cl, deploys)
	} else {
		meta.SpecURL = ""
		cl.unrepeatable = deploys
		res, err = c.uploadSpec(ctx, cl, meta, src)
	}
	return res, specError(project, err)
}

// uploadSpec sends the file form: the metadata part, then the document.
func (c *Client) uploadSpec(ctx context.Context, cl call, meta wire.SpecProxyMetadata, src ProxySource) (*wire.SettingsResult, error) {
	metaJSON, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("encoding the metadata: %w", err)
	}
	contentType, payload, err := multipartSpec(metaJSON, src)
	if err != nil {
		return nil, err
	}
	// The transport logs an upload by its size only (a document may be
	// large): the metadata is told here.
	tflog.Debug(ctx, "Uploading an API proxy's specification", map[string]any{"http_method": cl.method, "http_path": cl.path,
		"metadata": string(metaJSON), "specification_bytes": len(src.Document)})
	cl.encoded = &encodedBody{contentType: contentType, payload: payload}
	return c.settingsWrite(ctx, cl, cl.unrepeatable)
}

// multipartSpec encodes the two parts of §2.9's file form. The metadata
// part says it is JSON (the platform ignores a part's type; a server that
// binds the part to an object needs it).
func multipartSpec(metaJSON []byte, src ProxySource) (string, []byte, error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="metadata"`)
	h.Set("Content-Type", "application/json")
	part, err := mw.CreatePart(h)
	if err == nil {
		_, err = part.Write(metaJSON)
	}
	if err == nil {
		part, err = mw.CreateFormFile("specFile", src.fileName())
	}
	if err == nil {
		_, err = part.Write(src.Document)
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		return "", nil, fmt.Errorf("encoding the specification upload: %w", err)
	}
	return mw.FormDataContentType(), b.Bytes(), nil
}

// uploadSummary is what the request log shows of a multipart body: its
// type and size. Anything else is shown as it is.
func uploadSummary(req *http.Request, body string) string {
	if !strings.HasPrefix(strings.ToLower(req.Header.Get("Content-Type")), "multipart/") {
		return body
	}
	return fmt.Sprintf("(multipart/form-data, %d bytes)", req.ContentLength)
}

// specError gives a write's error its meaning in §2.9: an unknown
// environment is an *UnknownEnvironmentError and not "not found" (newer
// managers' 400 says "not found"); a re-parse of a proxy that does not
// exist is ErrNotFound (its message says "is not exist").
func specError(project string, err error) error {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return err
	}
	switch env, ok := unknownEnvironment(apiErr.Message); {
	case ok && apiErr.StatusCode == http.StatusBadRequest:
		e := *apiErr
		e.notFound = false
		return &UnknownEnvironmentError{Project: project, Environment: env, Err: &e}
	case (apiErr.StatusCode == http.StatusBadRequest || apiErr.StatusCode == http.StatusNotFound) &&
		strings.Contains(apiErr.Message, "is not exist"):
		e := *apiErr
		e.notFound = true
		return &e
	}
	return err
}

// unknownEnvironment reads the environment of "Environment (x) is not
// found!".
func unknownEnvironment(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, "Environment (")
	if !ok {
		return "", false
	}
	i := strings.LastIndex(rest, ") is not found")
	if i < 0 {
		return "", false
	}
	return rest[:i], true
}

// alreadyExists reports the 400 of a create whose name is taken.
func alreadyExists(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest && strings.Contains(apiErr.Message, "already exist")
}
