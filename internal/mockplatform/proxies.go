package mockplatform

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

type projectRecord struct {
	name         string
	description  string
	environments []string
	envDetails   map[string]Environment // by name, every one of environments
	proxies      map[string]*proxyRecord
}

type proxyRecord struct {
	proxy wire.APIProxy
	// revision counts the changes to the proxy's settings; a deployment
	// records the revision it made live.
	revision    int
	deployments map[string]*deployment
	// fromSpec marks a proxy made from a specification (wire/PROTOCOL.md
	// §2.9): only such a proxy can be re-parsed.
	fromSpec bool
}

type deployment struct {
	revision int
	time     string
	// polls counts the route-health reads of this deployment: the
	// gateway pods pick it up after a number of them (routehealth.go).
	polls int
	// live is set once a poll found every pod serving it, so that the
	// events log says so once.
	live bool
}

func (s *Server) newProjectRecord(p Project) *projectRecord {
	rec := &projectRecord{name: p.Name, description: p.Description,
		envDetails: map[string]Environment{}, proxies: map[string]*proxyRecord{}}
	for _, env := range p.environments() {
		if _, twice := rec.envDetails[env.Name]; !twice {
			rec.environments = append(rec.environments, env.Name)
			rec.envDetails[env.Name] = env.withDefaults(p.Name)
		}
	}
	for _, px := range p.Proxies {
		rec.proxies[px.Name] = s.newProxyRecord(px)
	}
	return rec
}

// newProxyRecord stores a seeded proxy as its variant would: the defaults
// filled in, and the §2.7 fields kept only where they are served.
func (s *Server) newProxyRecord(px Proxy) *proxyRecord {
	lba := px.LoadBalanceAlgorithm
	if lba == "" {
		lba = "ROUND_ROBIN"
	}
	addrs := make([]wire.RoutingAddress, 0, len(px.RoutingAddresses))
	for _, a := range s.storedAddresses(px.RoutingAddresses) {
		if a.Weight == 0 {
			a.Weight = 1
		}
		if px.APIType == "SOAP" && a.SoapType == "" {
			a.SoapType = "SOAP11"
		}
		addrs = append(addrs, a)
	}
	return &proxyRecord{revision: 1, deployments: map[string]*deployment{},
		proxy: wire.APIProxy{Name: px.Name, Description: px.Description, APIType: px.APIType,
			Routing: wire.Routing{RoutingEnabled: !px.RoutingDisabled, LoadBalanceAlgorithm: lba, RoutingAddressList: addrs}}}
}

// lookupProxy must be called with s.mu held; it returns the message of the
// platform's "not found" answer when there is no such proxy.
func (s *Server) lookupProxy(route opsRoute) (*proxyRecord, string) {
	p, ok := s.projects[route.project]
	if !ok {
		return nil, projectNotFound(route.project)
	}
	px, ok := p.proxies[route.proxy]
	if !ok {
		return nil, fmt.Sprintf("ApiProxy (name: %s) was not found!", route.proxy)
	}
	return px, ""
}

func projectNotFound(name string) string { return fmt.Sprintf("Project (%s) is not found!", name) }

func (s *Server) listProjects(w http.ResponseWriter) {
	s.mu.Lock()
	out := make([]wire.Project, 0, len(s.projects))
	for _, name := range slices.Sorted(maps.Keys(s.projects)) {
		out = append(out, wire.Project{Name: name, Description: s.projects[name].description})
	}
	s.mu.Unlock()
	s.writeList(w, out, len(out))
}

func (s *Server) listProxies(w http.ResponseWriter, route opsRoute, token Token) {
	if !s.canRead(w, route.project, token) {
		return
	}
	s.mu.Lock()
	p, ok := s.projects[route.project]
	var out []wire.ProxyListItem
	if ok {
		out = make([]wire.ProxyListItem, 0, len(p.proxies))
		for _, name := range slices.Sorted(maps.Keys(p.proxies)) {
			px := p.proxies[name].proxy
			out = append(out, wire.ProxyListItem{Name: px.Name, Description: px.Description, Type: px.APIType,
				RelativePath: p.proxies[name].servedPath()})
		}
	}
	s.mu.Unlock()
	if !ok {
		s.notFound(w, projectNotFound(route.project))
		return
	}
	s.writeList(w, out, len(out))
}

func (s *Server) getProxy(w http.ResponseWriter, route opsRoute, token Token) {
	if !s.canRead(w, route.project, token) {
		return
	}
	s.mu.Lock()
	rec, missing := s.lookupProxy(route)
	var out any
	if rec != nil {
		out = s.proxyView(rec, s.projects[route.project].environments)
	}
	s.mu.Unlock()
	if rec == nil {
		s.notFound(w, missing)
		return
	}
	if s.newer() {
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "resultList": []any{out}, "resultCount": 1})
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// proxyView is the proxy as GET shows it (wire/PROTOCOL.md §2.1). Older
// managers show the stored proxy; the current release never shows
// soapType nor three of the four §2.7 fields, reports per address whether
// health monitoring is on, carries the deployments of every environment
// of the project, and adds fields a client must ignore.
func (s *Server) proxyView(rec *proxyRecord, envs []string) any {
	px := rec.proxy
	cloneSpecParts(&px)
	if s.cfg.ReverseLists {
		slices.Reverse(px.EndpointList)
	}
	px.Routing.RoutingAddressList = s.ordered(px.Routing.RoutingAddressList)
	if !s.roles() {
		for i, a := range px.Routing.RoutingAddressList {
			px.Routing.RoutingAddressList[i] = withoutRole(a)
		}
		return px
	}
	addrs := make([]map[string]any, 0, len(px.Routing.RoutingAddressList))
	for _, a := range px.Routing.RoutingAddressList {
		addrs = append(addrs, map[string]any{"address": a.Address, "weight": a.Weight,
			"healthMonitoringEnabled": monitored(a), "retryCount": 0})
	}
	route := map[string]any{"relativePathList": []string{"/" + px.Name}, "methodList": []string{}}
	if c := px.ClientRoute; c != nil {
		route = map[string]any{"relativePathList": c.RelativePathList, "hostList": c.HostList, "methodList": []string{}}
	}
	out := map[string]any{
		"name": px.Name, "description": px.Description, "apiType": px.APIType,
		"clientRoute":    route,
		"deploymentList": rec.deploymentList(envs),
		"routing": map[string]any{"routingEnabled": px.Routing.RoutingEnabled,
			"loadBalanceAlgorithm": px.Routing.LoadBalanceAlgorithm, "routingAddressList": addrs,
			"retryCount": 0, "connectTimeout": 30},
	}
	if px.EndpointList != nil {
		out["endpointList"] = px.EndpointList
	}
	return out
}

// deploymentList has one entry per environment of the project, in the
// project's order, with the facts deploy-status gives (wire/PROTOCOL.md §2.7):
// an environment never deployed to is there, not deployed.
func (rec *proxyRecord) deploymentList(envs []string) []wire.ProxyDeployment {
	out := make([]wire.ProxyDeployment, 0, len(envs))
	for _, env := range envs {
		d := rec.deployments[env]
		out = append(out, wire.ProxyDeployment{EnvironmentName: env, Deployed: d != nil,
			RedeployRequired: d != nil && d.revision != rec.revision})
	}
	return out
}

func (s *Server) ordered(list []wire.RoutingAddress) []wire.RoutingAddress {
	out := cloneAddresses(list)
	if s.cfg.ReverseLists {
		slices.Reverse(out)
	}
	return out
}

// apiTypeAI proxies are LLM gateways, routed elsewhere: every settings
// write of wire/PROTOCOL.md §2.2 and §2.5 is refused on them, by every
// manager variant in its own envelope (§2.7).
const (
	apiTypeAI        = "AI"
	aiRoutingRefused = "Routing of AI proxies is managed through ai-routing"
)

// deployInput is the deployment part of every settings write (wire/PROTOCOL.md §2.6).
type deployInput struct {
	Deploy       *bool     `json:"deploy"`
	Environments *[]string `json:"deployTargetEnvironmentNameList"`
}

// addressInput keeps weight as a pointer so that an absent weight can
// default, and the §2.7 fields as pointers so that what was sent is known.
type addressInput struct {
	Address                 string  `json:"address"`
	Weight                  *int    `json:"weight"`
	SoapType                *string `json:"soapType"`
	AddressType             *string `json:"addressType"`
	Description             *string `json:"description"`
	HealthCheckPath         *string `json:"healthCheckPath"`
	HealthMonitoringEnabled *bool   `json:"healthMonitoringEnabled"`
}

type addressesInput struct {
	RoutingAddressList *[]addressInput `json:"routingAddressList"`
	deployInput
}

type routingStatusInput struct {
	RoutingEnabled *bool `json:"routingEnabled"`
	deployInput
}

func (s *Server) putAddresses(w http.ResponseWriter, route opsRoute, token Token, body []byte) {
	var in addressesInput
	if err := json.Unmarshal(body, &in); err != nil {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", "Request body must be an object with routingAddressList array")
		return
	}
	if in.RoutingAddressList == nil {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", "routingAddressList is required")
		return
	}
	s.writeSettings(w, route, token, in.deployInput, func(rec *proxyRecord) string {
		list, msg := normalizeAddresses(*in.RoutingAddressList, rec.proxy.APIType, s.roles())
		if msg == "" {
			rec.change(!sameAddresses(rec.proxy.Routing.RoutingAddressList, list))
			rec.proxy.Routing.RoutingAddressList = list
		}
		return msg
	})
}

func (s *Server) patchRoutingStatus(w http.ResponseWriter, route opsRoute, token Token, body []byte) {
	var in routingStatusInput
	if err := json.Unmarshal(body, &in); err != nil {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", "Request body must be an object such as {\"routingEnabled\": false}")
		return
	}
	s.writeSettings(w, route, token, in.deployInput, func(rec *proxyRecord) string {
		if in.RoutingEnabled != nil {
			rec.change(rec.proxy.Routing.RoutingEnabled != *in.RoutingEnabled)
			rec.proxy.Routing.RoutingEnabled = *in.RoutingEnabled
		}
		return ""
	})
}

// change counts a change of the saved settings.
func (rec *proxyRecord) change(changed bool) {
	if changed {
		rec.revision++
	}
}

// writeSettings checks the proxy, the permission, the proxy's type and the
// environments of a settings write, saves it with apply (which returns a
// validation message or ""), then deploys it where asked. Nothing is saved
// when any check fails.
func (s *Server) writeSettings(w http.ResponseWriter, route opsRoute, token Token, d deployInput, apply func(*proxyRecord) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, missing := s.lookupProxy(route)
	if rec == nil {
		s.notFound(w, missing)
		return
	}
	if !token.canManage(route.project) {
		s.forbidden(w)
		return
	}
	if rec.proxy.APIType == apiTypeAI {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", aiRoutingRefused)
		return
	}
	envs, msg := s.deployTargets(route.project, d)
	if msg != "" {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", msg)
		return
	}
	if msg := apply(rec); msg != "" {
		s.apiopsError(w, http.StatusBadRequest, "bad_request", msg)
		return
	}
	if len(envs) == 0 {
		s.writeSuccess(w, nil)
		return
	}
	s.writeSuccess(w, s.deployLocked(route.project, rec, envs))
}

// normalizeAddresses validates a routing-address list and fills the defaults
// of wire/PROTOCOL.md §2.2; it returns an error message for the first bad
// entry. With roles, the §2.7 fields are checked and kept; without, they
// are accepted unchecked and dropped, as older managers do.
func normalizeAddresses(in []addressInput, apiType string, roles bool) ([]wire.RoutingAddress, string) {
	out := make([]wire.RoutingAddress, 0, len(in))
	for i, a := range in {
		if a.Address == "" {
			return nil, "Address is required"
		}
		if !isHTTPURL(a.Address) {
			return nil, fmt.Sprintf("Address must be a valid URL (http:// or https://): %q", a.Address)
		}
		ra := wire.RoutingAddress{Address: a.Address, Weight: 1}
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
		if roles {
			if msg := checkRole(i, a); msg != "" {
				return nil, msg
			}
			ra = withRole(ra, a)
		}
		out = append(out, ra)
	}
	if roles {
		if msg := needsPrimary(out); msg != "" {
			return nil, msg
		}
	}
	return out, ""
}

// Proxy returns a copy of a proxy as the platform holds it, soapType
// included whatever the manager variant shows.
func (s *Server) Proxy(project, name string) (wire.APIProxy, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, _ := s.lookupProxy(opsRoute{project: project, proxy: name})
	if rec == nil {
		return wire.APIProxy{}, false
	}
	out := rec.proxy
	out.Routing.RoutingAddressList = cloneAddresses(rec.proxy.Routing.RoutingAddressList)
	cloneSpecParts(&out)
	return out, true
}

// SetRoutingAddresses changes a proxy's addresses behind the client's back,
// as another team would; like any change, it makes deployments stale. The
// list is stored as given, except that variants older than the current
// release keep none of the §2.7 fields.
func (s *Server) SetRoutingAddresses(project, name string, list []wire.RoutingAddress) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, _ := s.lookupProxy(opsRoute{project: project, proxy: name})
	if rec == nil {
		return false
	}
	rec.proxy.Routing.RoutingAddressList = s.storedAddresses(list)
	rec.revision++
	return true
}

// SetRoutingEnabled switches routing behind the client's back.
func (s *Server) SetRoutingEnabled(project, name string, enabled bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, _ := s.lookupProxy(opsRoute{project: project, proxy: name})
	if rec == nil {
		return false
	}
	rec.proxy.Routing.RoutingEnabled = enabled
	rec.revision++
	return true
}

// DeleteProxy removes a proxy, as another team would.
func (s *Server) DeleteProxy(project, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.projects[project]; ok {
		delete(p.proxies, name)
	}
}

// ProxyNames lists a project's proxies, sorted.
func (s *Server) ProxyNames(project string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[project]
	if !ok {
		return nil
	}
	names := slices.Collect(maps.Keys(p.proxies))
	sort.Strings(names)
	return names
}
