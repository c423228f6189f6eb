package mockplatform

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// opsRoute is a parsed /apiops/ path.
type opsRoute struct {
	project, proxy, env string
	// action is what follows the proxy: "", "settings/addresses",
	// "settings/routing-status", "environment", "deploy-status" or
	// "route-health"; for project paths it is "projects", "proxies" or
	// "environments".
	action string
}

// specForm is "file" or "url" for the paths that make proxies from a
// specification (wire/PROTOCOL.md §2.9), which POST and PUT serve; GET and
// DELETE there address a proxy of that name.
func (r opsRoute) specForm() string {
	if r.action == "" && (r.proxy == "file" || r.proxy == "url") {
		return r.proxy
	}
	return ""
}

// parseOpsRoute splits an escaped /apiops/ path into its parts; every path
// ends with a slash (wire/PROTOCOL.md §2).
func parseOpsRoute(escapedPath string) (opsRoute, bool) {
	if !strings.HasSuffix(escapedPath, "/") {
		return opsRoute{}, false
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(escapedPath, "/apiops/"), "/"), "/")
	if parts[0] != "projects" {
		return opsRoute{}, false
	}
	names, ok := unescapeAll(parts)
	if !ok {
		return opsRoute{}, false
	}
	switch {
	case len(parts) == 1 && parts[0] == "projects":
		return opsRoute{action: "projects"}, true
	case len(parts) == 3 && parts[2] == "apiProxies":
		return opsRoute{project: names[1], action: "proxies"}, true
	case len(parts) == 3 && parts[2] == "environments":
		return opsRoute{project: names[1], action: "environments"}, true
	case len(parts) < 4 || parts[2] != "apiProxies":
		return opsRoute{}, false
	}
	r := opsRoute{project: names[1], proxy: names[3]}
	switch rest := parts[4:]; {
	case len(rest) == 0:
	case len(rest) == 2 && rest[0] == "settings" && (rest[1] == "addresses" || rest[1] == "routing-status"):
		r.action = "settings/" + rest[1]
	case len(rest) == 2 && rest[0] == "environments":
		r.env, r.action = names[5], "environment"
	case len(rest) == 3 && rest[0] == "environments" && (rest[2] == "deploy-status" || rest[2] == "route-health"):
		r.env, r.action = names[5], rest[2]
	default:
		return opsRoute{}, false
	}
	return r, true
}

func unescapeAll(parts []string) ([]string, bool) {
	out := make([]string, len(parts))
	for i, p := range parts {
		s, err := url.PathUnescape(p)
		if err != nil || s == "" {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

// allowed is the Allow header of each route: the methods it serves.
func (s *Server) allowed(r opsRoute) []string {
	switch r.action {
	case "settings/addresses":
		if s.patchOnly() {
			return []string{http.MethodPatch}
		}
		return []string{http.MethodPut, http.MethodPatch}
	case "settings/routing-status":
		return []string{http.MethodPatch}
	case "environment":
		return []string{http.MethodPost, http.MethodDelete}
	case "":
		if r.specForm() != "" {
			return []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}
		}
		if r.proxy != "" {
			return []string{http.MethodGet, http.MethodDelete}
		}
	}
	return []string{http.MethodGet}
}

func (s *Server) routeAPIOps(w http.ResponseWriter, r *http.Request, body []byte) {
	route, ok := parseOpsRoute(r.URL.EscapedPath())
	// Managers before the current release have no route-health at all
	// (wire/PROTOCOL.md §2.7): an unknown path to them.
	if !ok || (route.action == "route-health" && !s.roles()) {
		s.apiopsError(w, http.StatusNotFound, "not_found", "No such endpoint: "+r.URL.Path)
		return
	}
	token, ok := s.bearer(r)
	if !ok {
		s.apiopsError(w, http.StatusUnauthorized, "unauthorized_client", "Invalid token")
		return
	}
	if allow := s.allowed(route); !slices.Contains(allow, r.Method) {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.apiopsError(w, http.StatusMethodNotAllowed, "method_not_allowed", "Method "+r.Method+" is not allowed here")
		return
	}
	// The file form of §2.9 is multipart; its handler checks that.
	multipart := route.specForm() == "file" && (r.Method == http.MethodPost || r.Method == http.MethodPut)
	if r.Method != http.MethodGet && r.Method != http.MethodDelete && !multipart && !isJSON(r.Header.Get("Content-Type")) && len(body) > 0 {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", "Content-Type must be application/json")
		return
	}
	switch route.action {
	case "projects":
		s.listProjects(w)
	case "proxies":
		s.listProxies(w, route, token)
	case "environments":
		s.listEnvironments(w, route, token)
	case "":
		switch r.Method {
		case http.MethodGet:
			s.getProxy(w, route, token)
		case http.MethodDelete:
			s.deleteProxy(w, route, token)
		default:
			s.writeSpecProxy(w, r, route, token, body)
		}
	case "settings/addresses":
		s.putAddresses(w, route, token, body)
	case "settings/routing-status":
		s.patchRoutingStatus(w, route, token, body)
	case "deploy-status":
		s.deployStatus(w, route, token)
	case "route-health":
		s.routeHealth(w, route, token)
	case "environment":
		s.deployOrUndeploy(w, r.Method, route, token)
	}
}

func (s *Server) bearer(r *http.Request) (Token, bool) {
	value, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || value == "" {
		return Token{}, false
	}
	for _, t := range s.cfg.Tokens {
		if t.Value == value {
			return t, true
		}
	}
	return Token{}, false
}

func (t Token) canManage(project string) bool {
	return slices.Contains(t.Manage, "*") || slices.Contains(t.Manage, project)
}

func (s *Server) newer() bool     { return s.cfg.NewerManager || s.cfg.LatestManager }
func (s *Server) patchOnly() bool { return s.cfg.PatchOnly || s.cfg.LatestManager }

// notFound is 404 on classic managers and 400 on newer ones (wire/PROTOCOL.md §2.3).
func (s *Server) notFound(w http.ResponseWriter, msg string) {
	if s.newer() {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", msg)
		return
	}
	s.apiopsError(w, http.StatusNotFound, "not_found", msg)
}

func (s *Server) forbidden(w http.ResponseWriter) {
	s.apiopsError(w, http.StatusForbidden, "forbidden", "User does not have required permission for this operation!")
}

func (s *Server) apiopsError(w http.ResponseWriter, status int, code, msg string) {
	if s.newer() {
		writeJSON(w, status, wire.OpsFailure{Status: "FAILURE", ResultMessage: msg})
		return
	}
	writeJSON(w, status, wire.OpsError{Error: code, ErrorDescription: msg})
}

// writeList answers a list in the envelope of the manager variant.
func (s *Server) writeList(w http.ResponseWriter, items any, n int) {
	if s.newer() {
		writeJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "resultList": items, "resultCount": n})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "resultList": items, "resultCount": n})
}

// writeSuccess answers a settings write (wire/PROTOCOL.md §2.1, §2.9);
// deployment is nil when nothing was deployed. An explicit deploy or
// undeploy answers in §2.6's form instead (deployOrUndeploy).
func (s *Server) writeSuccess(w http.ResponseWriter, deployment any) {
	if s.cfg.LatestManager {
		writeJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "resultMessage": nil, "resultList": nil,
			"resultCount": nil, "deploymentResult": deployment})
		return
	}
	out := map[string]any{"success": true}
	if deployment != nil {
		out["deploymentResult"] = deployment
	}
	writeJSON(w, http.StatusOK, out)
}
