package mockplatform

import (
	"net/http"
	"strings"
)

// statsPath serves the mock's own counters; it is outside both protocol
// prefixes and is not recorded in the request log.
const statsPath = "/_mock/stats"

// Stats counts the requests served so far by method and route, e.g.
// "GET /api/apis/{id}": the shape benchmarks report per phase.
func (s *Server) Stats() map[string]int {
	out := map[string]int{}
	for _, r := range s.Requests() {
		out[r.Method+" "+routeOf(r.Method, r.Path)]++
	}
	return out
}

func routeOf(method, p string) string {
	switch {
	case p == "/api/login", p == "/api/apis":
		return p
	case strings.HasPrefix(p, "/api/apis/"):
		return catalogRouteOf(strings.TrimPrefix(p, "/api/apis/"))
	case strings.HasPrefix(p, "/apiops/"):
		return opsRouteOf(method, p)
	}
	return "other"
}

// catalogRouteOf names what follows /api/apis/: an API, its versions
// (wire/PROTOCOL.md §1.5) or one version.
func catalogRouteOf(rest string) string {
	switch parts := strings.Split(rest, "/"); {
	case len(parts) == 2 && parts[0] == "versions":
		return "/api/apis/versions/{vid}"
	case len(parts) == 2 && parts[1] == "versions":
		return "/api/apis/{id}/versions"
	}
	return "/api/apis/{id}"
}

// opsRouteOf names an /apiops/ path by its route, its names left out.
func opsRouteOf(method, p string) string {
	r, ok := parseOpsRoute(p)
	if !ok {
		return "other"
	}
	proxy := "/apiops/projects/{p}/apiProxies/{x}/"
	switch r.action {
	case "projects":
		return "/apiops/projects/"
	case "proxies":
		return "/apiops/projects/{p}/apiProxies/"
	case "environments":
		return "/apiops/projects/{p}/environments/"
	case "":
		if form := r.specForm(); form != "" && (method == http.MethodPost || method == http.MethodPut) {
			return "/apiops/projects/{p}/apiProxies/" + form + "/"
		}
		return proxy
	case "environment":
		return proxy + "environments/{env}/"
	case "deploy-status", "route-health":
		return proxy + "environments/{env}/" + r.action + "/"
	}
	return proxy + r.action + "/"
}

func (s *Server) serveStats(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "GET only"})
		return
	}
	writeJSON(w, http.StatusOK, s.Stats())
}
