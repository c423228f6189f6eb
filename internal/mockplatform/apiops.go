package mockplatform

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
)

// proxyRoute is a parsed /apiops/projects/{p}/apiProxies/{x}/[settings/addresses/] path.
type proxyRoute struct {
	project, proxy string
	addresses      bool
}

func parseProxyRoute(escapedPath string) (proxyRoute, bool) {
	if !strings.HasSuffix(escapedPath, "/") {
		return proxyRoute{}, false
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(escapedPath, "/apiops/"), "/"), "/")
	if len(parts) != 4 && len(parts) != 6 {
		return proxyRoute{}, false
	}
	if parts[0] != "projects" || parts[2] != "apiProxies" {
		return proxyRoute{}, false
	}
	if len(parts) == 6 && (parts[4] != "settings" || parts[5] != "addresses") {
		return proxyRoute{}, false
	}
	project, err1 := url.PathUnescape(parts[1])
	proxy, err2 := url.PathUnescape(parts[3])
	if err1 != nil || err2 != nil || project == "" || proxy == "" {
		return proxyRoute{}, false
	}
	return proxyRoute{project: project, proxy: proxy, addresses: len(parts) == 6}, true
}

func (s *Server) routeAPIOps(w http.ResponseWriter, r *http.Request, body []byte) {
	route, ok := parseProxyRoute(r.URL.EscapedPath())
	if !ok {
		s.apiopsError(w, http.StatusNotFound, "not_found", "No such endpoint: "+r.URL.Path)
		return
	}
	token, ok := s.bearer(r)
	if !ok {
		s.apiopsError(w, http.StatusUnauthorized, "unauthorized_client", "Invalid token")
		return
	}
	switch {
	case !route.addresses && r.Method == http.MethodGet:
		s.getProxy(w, route)
	case route.addresses && (r.Method == http.MethodPatch || (r.Method == http.MethodPut && !s.cfg.PatchOnly)):
		s.putAddresses(w, r, route, token, body)
	default:
		w.Header().Set("Allow", allowFor(route, s.cfg.PatchOnly))
		s.apiopsError(w, http.StatusMethodNotAllowed, "method_not_allowed", "Method "+r.Method+" is not allowed here")
	}
}

func allowFor(route proxyRoute, patchOnly bool) string {
	switch {
	case !route.addresses:
		return "GET"
	case patchOnly:
		return "PATCH"
	}
	return "PUT, PATCH"
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

// lookupProxy must be called with s.mu held.
func (s *Server) lookupProxy(route proxyRoute) (*client.APIProxy, string) {
	proxies, ok := s.proxies[route.project]
	if !ok {
		return nil, fmt.Sprintf("Project (name: %s) was not found!", route.project)
	}
	px, ok := proxies[route.proxy]
	if !ok {
		return nil, fmt.Sprintf("ApiProxy (name: %s) was not found!", route.proxy)
	}
	return px, ""
}

func (s *Server) getProxy(w http.ResponseWriter, route proxyRoute) {
	s.mu.Lock()
	px, missing := s.lookupProxy(route)
	var out client.APIProxy
	if px != nil {
		out = *px
		out.Routing.RoutingAddressList = s.ordered(px.Routing.RoutingAddressList)
	}
	s.mu.Unlock()
	if px == nil {
		s.notFound(w, missing)
		return
	}
	if s.cfg.NewerManager {
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "resultList": []any{out}, "resultCount": 1})
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) ordered(list []client.RoutingAddress) []client.RoutingAddress {
	out := append([]client.RoutingAddress{}, list...)
	if s.cfg.ReverseLists {
		slices.Reverse(out)
	}
	return out
}

// addressInput keeps weight as a pointer so that an absent weight can default.
type addressInput struct {
	Address  string  `json:"address"`
	Weight   *int    `json:"weight"`
	SoapType *string `json:"soapType"`
}

type addressesInput struct {
	RoutingAddressList *[]addressInput `json:"routingAddressList"`
}

func (s *Server) putAddresses(w http.ResponseWriter, r *http.Request, route proxyRoute, token Token, body []byte) {
	if !isJSON(r.Header.Get("Content-Type")) {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", "Content-Type must be application/json")
		return
	}
	var in addressesInput
	if err := json.Unmarshal(body, &in); err != nil {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", "Request body must be an object with routingAddressList array")
		return
	}
	if in.RoutingAddressList == nil {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", "routingAddressList is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	px, missing := s.lookupProxy(route)
	if px == nil {
		s.notFound(w, missing)
		return
	}
	if !token.canManage(route.project) {
		s.apiopsError(w, http.StatusForbidden, "forbidden", "User does not have required permission for this operation!")
		return
	}
	list, msg := normalizeAddresses(*in.RoutingAddressList, px.APIType)
	if msg != "" {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", msg)
		return
	}
	px.Routing.RoutingAddressList = list
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

// normalizeAddresses validates a routing-address list and fills the defaults
// of PROTOCOL.md 2.2; it returns an error message for the first bad entry.
func normalizeAddresses(in []addressInput, apiType string) ([]client.RoutingAddress, string) {
	out := make([]client.RoutingAddress, 0, len(in))
	for i, a := range in {
		if a.Address == "" {
			return nil, "Address is required"
		}
		if !isHTTPURL(a.Address) {
			return nil, fmt.Sprintf("Address must be a valid URL (http:// or https://): %q", a.Address)
		}
		ra := client.RoutingAddress{Address: a.Address, Weight: 1}
		if a.Weight != nil {
			if *a.Weight < 1 {
				return nil, fmt.Sprintf("routingAddressList[%d].weight must be at least 1", i)
			}
			ra.Weight = *a.Weight
		}
		if a.SoapType != nil && *a.SoapType != "SOAP11" && *a.SoapType != "SOAP12" {
			return nil, fmt.Sprintf("routingAddressList[%d].soapType must be SOAP11 or SOAP12", i)
		}
		if apiType == "SOAP" {
			ra.SoapType = "SOAP11"
			if a.SoapType != nil {
				ra.SoapType = *a.SoapType
			}
		}
		out = append(out, ra)
	}
	return out, ""
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "application/json" || (strings.HasPrefix(mt, "application/vnd.soa.") && strings.HasSuffix(mt, "+json"))
}

func (s *Server) notFound(w http.ResponseWriter, msg string) {
	if s.cfg.NewerManager {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", msg)
		return
	}
	s.apiopsError(w, http.StatusNotFound, "not_found", msg)
}

func (s *Server) apiopsError(w http.ResponseWriter, status int, code, msg string) {
	if s.cfg.NewerManager {
		writeJSON(w, status, map[string]any{"status": "FAILURE", "resultMessage": msg})
		return
	}
	writeJSON(w, status, map[string]any{"error": code, "error_description": msg})
}

// Proxy returns a copy of a proxy as the platform holds it.
func (s *Server) Proxy(project, name string) (client.APIProxy, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	px, _ := s.lookupProxy(proxyRoute{project: project, proxy: name})
	if px == nil {
		return client.APIProxy{}, false
	}
	out := *px
	out.Routing.RoutingAddressList = append([]client.RoutingAddress{}, px.Routing.RoutingAddressList...)
	return out, true
}

// SetRoutingAddresses changes a proxy's addresses behind the client's back.
func (s *Server) SetRoutingAddresses(project, name string, list []client.RoutingAddress) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	px, _ := s.lookupProxy(proxyRoute{project: project, proxy: name})
	if px == nil {
		return false
	}
	px.Routing.RoutingAddressList = append([]client.RoutingAddress{}, list...)
	return true
}

// DeleteProxy removes a proxy, as another team would.
func (s *Server) DeleteProxy(project, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.proxies[project], name)
}
