package mockplatform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// API proxies made from a specification (wire/PROTOCOL.md §2.9): created
// and re-parsed by POST and PUT on .../apiProxies/file/ (multipart) and
// .../apiProxies/url/ (JSON), deleted by DELETE on the proxy.

// The metadata fields each form takes: those the mock models, and the
// vendor's others, accepted and not modelled. Any other is a 400, so that a
// misspelt field is not lost without a word.
var (
	specFields = []string{"apiProxyName", "apiProxyCreationType", "apiProxyDescription", "clientRoute", "routingInfo",
		"deploy", "deployTargetEnvironmentNameList", "reParse", "soapToRest", "enableWSA", "enableWSRM",
		"backendApiVersion", "requestBodyReadBehavior", "responseBodyReadBehavior", "maintenanceModeSetting", "apiProxyGroupName"}
	specURLFields     = []string{"specUrl", "specAuthorizationValueList"}
	clientRouteFields = []string{"relativePathList", "hostList"}
	routingInfoFields = []string{"loadBalanceAlgorithm", "routingEnabled", "routingAddressList",
		"connectTimeout", "readTimeout", "retryCount", "failoverRetryCount", "mirrorEnabled"}
	// addressFields are those of a routingAddressList entry (addressInput):
	// wire/PROTOCOL.md §2.2 and §2.7, which every release accepts.
	addressFields = []string{"address", "weight", "soapType", "addressType", "description", "healthCheckPath", "healthMonitoringEnabled"}
	// otherCreationTypes are the platform's other kinds of proxy, made
	// elsewhere.
	otherCreationTypes = []string{"WSDL", "REVERSE_PROXY", "EMPTY_API"}
)

// specMetadata is the metadata as the mock reads it.
type specMetadata struct {
	APIProxyName         string            `json:"apiProxyName"`
	APIProxyCreationType string            `json:"apiProxyCreationType"`
	APIProxyDescription  string            `json:"apiProxyDescription"`
	SpecURL              string            `json:"specUrl"`
	ClientRoute          *clientRouteInput `json:"clientRoute"`
	RoutingInfo          *routingInfoInput `json:"routingInfo"`
	Deploy               bool              `json:"deploy"`
	Environments         []string          `json:"deployTargetEnvironmentNameList"`
	ReParse              bool              `json:"reParse"`
	SoapToRest           bool              `json:"soapToRest"`
	EnableWSA            bool              `json:"enableWSA"`
	EnableWSRM           bool              `json:"enableWSRM"`
}

type clientRouteInput struct {
	RelativePathList []string `json:"relativePathList"`
	HostList         []string `json:"hostList"`
}

type routingInfoInput struct {
	LoadBalanceAlgorithm string          `json:"loadBalanceAlgorithm"`
	RoutingEnabled       *bool           `json:"routingEnabled"`
	RoutingAddressList   *[]addressInput `json:"routingAddressList"`
}

// specWrite is one create or re-parse, checked and with its document read.
type specWrite struct {
	meta    specMetadata
	reparse bool
	// addresses is the normalized routingAddressList, nil when not sent.
	addresses []wire.RoutingAddress
	ops       []specOperation
}

// opsFailure is an error answer still to be written.
type opsFailure struct {
	status    int
	code, msg string
}

func badRequest(msg string) *opsFailure {
	return &opsFailure{status: http.StatusBadRequest, code: "bad_request", msg: msg}
}

// notFoundFailure is 404 on classic managers and 400 on newer ones, as
// notFound writes it.
func (s *Server) notFoundFailure(msg string) *opsFailure {
	if s.newer() {
		return badRequest(msg)
	}
	return &opsFailure{status: http.StatusNotFound, code: "not_found", msg: msg}
}

func (s *Server) fail(w http.ResponseWriter, f *opsFailure) {
	s.apiopsError(w, f.status, f.code, f.msg)
}

// writeSpecProxy serves POST and PUT on .../apiProxies/file/ and url/.
// Everything is checked before anything is saved: the metadata, the
// project, the permission, the name, the environments, then the
// document, which may have to be fetched. The fetch happens without the
// lock, so the checks that depend on the store are made again with it.
func (s *Server) writeSpecProxy(w http.ResponseWriter, r *http.Request, route opsRoute, token Token, body []byte) {
	form := route.specForm()
	raw, doc, msg := readSpecRequest(r, form, body)
	if msg != "" {
		s.fail(w, badRequest(msg))
		return
	}
	write, f := s.readSpecWrite(raw, form, r.Method)
	if f == nil {
		f = s.checkSpecTarget(route.project, token, write)
	}
	if f != nil {
		s.fail(w, f)
		return
	}
	if form == "url" {
		if doc, msg = s.fetchSpec(write.meta.SpecURL); msg != "" {
			s.fail(w, badRequest(msg))
			return
		}
	}
	if write.ops, msg = parseSpecDocument(doc); msg != "" {
		s.fail(w, badRequest(msg))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, f := s.checkSpecTargetLocked(route.project, token, write)
	if f != nil {
		s.fail(w, f)
		return
	}
	rec = s.saveSpecProxy(route.project, rec, write)
	envs := write.meta.Environments
	if !write.meta.Deploy || len(envs) == 0 {
		s.writeSuccess(w, nil)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "deploymentResult": s.deployLocked(route.project, rec, envs)})
}

// readSpecRequest returns the metadata's JSON and, for the file form, the
// document; or the message of the 400 answer.
func readSpecRequest(r *http.Request, form string, body []byte) (meta, doc []byte, msg string) {
	if form == "url" {
		return body, nil, ""
	}
	const want = "Content-Type must be multipart/form-data with the parts metadata and specFile"
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, nil, want
	}
	parts := map[string][]byte{}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, "The multipart body is not valid: " + oneLine(err.Error())
		}
		name := part.FormName()
		b, err := io.ReadAll(part)
		switch {
		case err != nil:
			return nil, nil, "The multipart body is not valid: " + oneLine(err.Error())
		case name != "metadata" && name != "specFile":
			return nil, nil, fmt.Sprintf("Unknown part %q: the parts are metadata and specFile", name)
		case parts[name] != nil:
			return nil, nil, fmt.Sprintf("The part %s is sent twice", name)
		}
		parts[name] = b
	}
	for _, name := range []string{"metadata", "specFile"} {
		if parts[name] == nil {
			return nil, nil, "The part " + name + " is required"
		}
	}
	return parts["metadata"], parts["specFile"], ""
}

// readSpecWrite decodes and checks the metadata on its own.
func (s *Server) readSpecWrite(raw []byte, form, method string) (specWrite, *opsFailure) {
	var write specWrite
	allowed := [][]string{specFields}
	if form == "url" {
		allowed = append(allowed, specURLFields)
	}
	if msg := unknownField(raw, "", allowed...); msg != "" {
		return write, badRequest(msg)
	}
	var nested struct {
		ClientRoute json.RawMessage `json:"clientRoute"`
		RoutingInfo json.RawMessage `json:"routingInfo"`
	}
	_ = json.Unmarshal(raw, &nested)
	for _, m := range []string{unknownField(nested.ClientRoute, "clientRoute.", clientRouteFields),
		unknownField(nested.RoutingInfo, "routingInfo.", routingInfoFields), unknownAddressField(nested.RoutingInfo)} {
		if m != "" {
			return write, badRequest(m)
		}
	}
	if err := json.Unmarshal(raw, &write.meta); err != nil {
		return write, badRequest("The metadata is not valid: " + jsonProblem(err))
	}
	write.reparse = method == http.MethodPut && write.meta.ReParse
	if msg := write.meta.check(form, method); msg != "" {
		return write, badRequest(msg)
	}
	if ri := write.meta.RoutingInfo; ri != nil && ri.RoutingAddressList != nil {
		list, msg := normalizeAddresses(*ri.RoutingAddressList, "REST", s.roles())
		if msg != "" {
			return write, badRequest(msg)
		}
		write.addresses = list
	}
	return write, nil
}

// unknownField names the first field of the JSON object raw that none of
// allowed lists, matched exactly; "" when there is none or raw is no
// object (decoding it then says what is wrong).
func unknownField(raw []byte, where string, allowed ...[]string) string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return ""
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if !slices.ContainsFunc(allowed, func(list []string) bool { return slices.Contains(list, k) }) {
			return fmt.Sprintf("Unknown field %s%s", where, k)
		}
	}
	return ""
}

// unknownAddressField names the first unknown field of an entry of
// routingInfo.routingAddressList, with the entry's index: a misspelt
// weight would otherwise be dropped and the default stored without a
// word. "" when there is none or the list is no list of objects (decoding
// it then says what is wrong).
func unknownAddressField(routingInfo []byte) string {
	var ri struct {
		RoutingAddressList []json.RawMessage `json:"routingAddressList"`
	}
	if json.Unmarshal(routingInfo, &ri) != nil {
		return ""
	}
	for i, entry := range ri.RoutingAddressList {
		if msg := unknownField(entry, fmt.Sprintf("routingInfo.routingAddressList[%d].", i), addressFields); msg != "" {
			return msg
		}
	}
	return ""
}

func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return fmt.Sprintf("%s must be %s, not %s", typeErr.Field, typeErr.Type, typeErr.Value)
	}
	return oneLine(err.Error())
}

// check validates the metadata by itself.
func (m *specMetadata) check(form, method string) string {
	reparse := method == http.MethodPut && m.ReParse
	switch {
	case m.APIProxyName == "":
		return "apiProxyName is required"
	case m.APIProxyCreationType == "":
		return "apiProxyCreationType is required"
	case slices.Contains(otherCreationTypes, m.APIProxyCreationType):
		return fmt.Sprintf("apiProxyCreationType %s is not made from a specification: use OPEN_API or SWAGGER", m.APIProxyCreationType)
	case m.APIProxyCreationType != wire.CreationOpenAPI && m.APIProxyCreationType != wire.CreationSwagger:
		return fmt.Sprintf("apiProxyCreationType %q must be OPEN_API or SWAGGER", m.APIProxyCreationType)
	case method == http.MethodPost && m.ReParse:
		return "reParse is for PUT only: POST creates"
	case form == "url" && m.SpecURL == "":
		return "specUrl is required"
	case form == "url" && !isHTTPURL(m.SpecURL):
		return fmt.Sprintf("specUrl must be an absolute http or https URL: %q", m.SpecURL)
	case !reparse && m.ClientRoute == nil:
		return "clientRoute with a relativePathList is required"
	}
	for _, flag := range []struct {
		name string
		on   bool
	}{{"soapToRest", m.SoapToRest}, {"enableWSA", m.EnableWSA}, {"enableWSRM", m.EnableWSRM}} {
		if flag.on {
			return flag.name + " must be false: a proxy made from an OpenAPI or Swagger specification is not SOAP"
		}
	}
	if msg := m.ClientRoute.check(); msg != "" {
		return msg
	}
	if ri := m.RoutingInfo; ri != nil && ri.LoadBalanceAlgorithm != "" && !slices.Contains(wire.LoadBalanceAlgorithms, ri.LoadBalanceAlgorithm) {
		return fmt.Sprintf("routingInfo.loadBalanceAlgorithm %q is not one of %s", ri.LoadBalanceAlgorithm, strings.Join(wire.LoadBalanceAlgorithms, ", "))
	}
	return ""
}

// check validates the routes: a non-empty list of distinct paths that
// start with "/", and hosts that are not empty.
func (c *clientRouteInput) check() string {
	if c == nil {
		return ""
	}
	if len(c.RelativePathList) == 0 {
		return "clientRoute.relativePathList must list at least one path"
	}
	for i, p := range c.RelativePathList {
		if !strings.HasPrefix(p, "/") {
			return fmt.Sprintf("clientRoute.relativePathList[%d] must start with \"/\": %q", i, p)
		}
		if slices.Index(c.RelativePathList, p) < i {
			return fmt.Sprintf("clientRoute.relativePathList lists %q twice", p)
		}
	}
	for i, h := range c.HostList {
		if strings.TrimSpace(h) == "" {
			return fmt.Sprintf("clientRoute.hostList[%d] is empty", i)
		}
	}
	return ""
}

// checkSpecTarget checks a write against the store before its document
// is read.
func (s *Server) checkSpecTarget(project string, token Token, write specWrite) *opsFailure {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, f := s.checkSpecTargetLocked(project, token, write)
	return f
}

// checkSpecTargetLocked finds the project and, for a re-parse, the proxy,
// and checks the permission, the name and every environment to deploy
// to. s.mu must be held.
func (s *Server) checkSpecTargetLocked(project string, token Token, write specWrite) (*proxyRecord, *opsFailure) {
	p, ok := s.projects[project]
	if !ok {
		return nil, s.notFoundFailure(projectNotFound(project))
	}
	if !token.canManage(project) {
		return nil, &opsFailure{status: http.StatusForbidden, code: "forbidden", msg: "User does not have required permission for this operation!"}
	}
	name := write.meta.APIProxyName
	rec := p.proxies[name]
	switch {
	case write.reparse && rec == nil:
		return nil, s.notFoundFailure(fmt.Sprintf("ApiProxy (name: %s) can not be reparsed because it is not exist. First create it!", name))
	case write.reparse && rec.proxy.APIType == apiTypeAI:
		return nil, badRequest(fmt.Sprintf("ApiProxy (name: %s) is an AI proxy: it was not made from a specification and can not be reparsed", name))
	case write.reparse && !rec.fromSpec:
		return nil, badRequest(fmt.Sprintf("ApiProxy (name: %s) was not made from a specification and can not be reparsed", name))
	case !write.reparse && rec != nil:
		return nil, badRequest(fmt.Sprintf("ApiProxy (name: %s) is already exist!", name))
	}
	if write.meta.Deploy {
		for _, env := range write.meta.Environments {
			if !slices.Contains(p.environments, env) {
				return nil, badRequest(environmentNotFound(env))
			}
		}
	}
	return rec, nil
}

// saveSpecProxy creates the proxy (rec nil) or re-parses rec, and returns
// it. A re-parse keeps what wire/PROTOCOL.md §2.9 says it keeps, and makes
// every deployment stale: the deployments this write asks for follow.
// s.mu must be held.
func (s *Server) saveSpecProxy(project string, rec *proxyRecord, write specWrite) *proxyRecord {
	m := write.meta
	created := rec == nil
	if created {
		rec = &proxyRecord{revision: 1, deployments: map[string]*deployment{}, fromSpec: true,
			proxy: wire.APIProxy{Name: m.APIProxyName, APIType: "REST",
				Routing: wire.Routing{RoutingEnabled: true, LoadBalanceAlgorithm: wire.LoadBalanceAlgorithms[0],
					RoutingAddressList: []wire.RoutingAddress{}}}}
		s.projects[project].proxies[m.APIProxyName] = rec
		s.event("created %s/%s from a specification: %d operations", project, m.APIProxyName, len(write.ops))
	} else {
		rec.revision++
		s.event("re-parsed %s/%s: %d operations; its deployments are stale", project, m.APIProxyName, len(write.ops))
	}
	if m.APIProxyDescription != "" || created {
		rec.proxy.Description = m.APIProxyDescription
	}
	if c := m.ClientRoute; c != nil {
		rec.proxy.ClientRoute = &wire.ClientRoute{RelativePathList: slices.Clone(c.RelativePathList),
			HostList: append([]string{}, c.HostList...)}
	}
	if ri := m.RoutingInfo; ri != nil {
		if ri.LoadBalanceAlgorithm != "" {
			rec.proxy.Routing.LoadBalanceAlgorithm = ri.LoadBalanceAlgorithm
		}
		if ri.RoutingEnabled != nil {
			rec.proxy.Routing.RoutingEnabled = *ri.RoutingEnabled
		}
		if write.addresses != nil {
			rec.proxy.Routing.RoutingAddressList = write.addresses
		}
	}
	rec.proxy.EndpointList = s.endpoints(rec.proxy.EndpointList, write.ops)
	return rec
}

// endpoints are the operations of a document as endpointList shows them.
// An operation the previous document had keeps its ID. s.mu must be held.
func (s *Server) endpoints(previous []wire.ProxyEndpoint, ops []specOperation) []wire.ProxyEndpoint {
	ids := map[string]string{}
	for _, e := range previous {
		ids[e.HTTPMethod+" "+e.Endpoint] = e.ID
	}
	out := make([]wire.ProxyEndpoint, 0, len(ops))
	for _, op := range ops {
		id := ids[op.method+" "+op.path]
		if id == "" {
			s.nextEndpointID++
			id = fmt.Sprintf("66f1c0a2b3c4d5e6%08x", s.nextEndpointID)
		}
		out = append(out, wire.ProxyEndpoint{ID: id, Endpoint: op.path, HTTPMethod: op.method, Description: op.summary,
			Active: true, BackendResourceURL: op.path, BackendHTTPMethod: op.method})
	}
	return out
}

// deleteProxy serves DELETE of a proxy, of any kind: it goes, then is
// undeployed from every environment of the project, best effort; an
// undeployment that fails is reported and the delete stands.
func (s *Server) deleteProxy(w http.ResponseWriter, route opsRoute, token Token) {
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
	p := s.projects[route.project]
	delete(p.proxies, route.proxy)
	res := wire.DeploymentResult{Success: true, DeploymentResults: make([]wire.EnvironmentDeployment, 0, len(p.environments))}
	for _, env := range p.environments {
		r := wire.EnvironmentDeployment{EnvironmentName: env, Success: true, Message: "Undeployment successful"}
		if msg := s.takeUndeployFailure(route.project, env); msg != "" {
			r.Success, r.Message, res.Success = false, msg, false
		}
		res.DeploymentResults = append(res.DeploymentResults, r)
	}
	s.event("deleted %s/%s and undeployed it from %d environments", route.project, route.proxy, len(p.environments))
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "deploymentResult": res})
}

// servedPath is where the proxy takes requests: the first of its relative
// paths when it was made from a specification, else one from its name.
func (rec *proxyRecord) servedPath() string {
	if r := rec.proxy.ClientRoute; r != nil && len(r.RelativePathList) > 0 {
		return r.RelativePathList[0]
	}
	return "/" + url.PathEscape(rec.proxy.Name)
}

// cloneSpecParts copies what a proxy made from a specification holds
// beyond its routing.
func cloneSpecParts(px *wire.APIProxy) {
	if r := px.ClientRoute; r != nil {
		px.ClientRoute = &wire.ClientRoute{RelativePathList: slices.Clone(r.RelativePathList), HostList: slices.Clone(r.HostList)}
	}
	px.EndpointList = slices.Clone(px.EndpointList)
}

// SetProxyHosts sets the host names of a proxy made from a specification
// behind the client's back, as the platform's console does; it reports
// false when there is no such proxy, or it was not made from a
// specification.
func (s *Server) SetProxyHosts(project, name string, hosts ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, _ := s.lookupProxy(opsRoute{project: project, proxy: name})
	if rec == nil || !rec.fromSpec || rec.proxy.ClientRoute == nil {
		return false
	}
	rec.proxy.ClientRoute.HostList = slices.Clone(hosts)
	rec.revision++
	s.event("host names of %s/%s set to %v", project, name, hosts)
	return true
}

// SetProxyOperations replaces the operations of a proxy made from a
// specification behind the client's back, as someone editing them in the
// platform's console would: each is "METHOD /path". Like any change, it
// makes deployments stale. It reports false when there is no such proxy, or
// it was not made from a specification.
func (s *Server) SetProxyOperations(project, name string, ops ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, _ := s.lookupProxy(opsRoute{project: project, proxy: name})
	if rec == nil || !rec.fromSpec {
		return false
	}
	list := make([]specOperation, 0, len(ops))
	for _, op := range ops {
		method, path, _ := strings.Cut(op, " ")
		list = append(list, specOperation{method: strings.ToUpper(method), path: path})
	}
	rec.proxy.EndpointList = s.endpoints(rec.proxy.EndpointList, list)
	rec.revision++
	s.event("operations of %s/%s changed: %d operations; its deployments are stale", project, name, len(list))
	return true
}
