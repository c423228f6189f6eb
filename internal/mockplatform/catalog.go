package mockplatform

import (
	"crypto/sha1" //nolint:gosec // version UUIDs are name-based (RFC 9562 v5), not secrets
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

type apiRecord struct {
	api      wire.API // without APIVersion
	versions []wire.APIVersion
	latest   int // index into versions
}

func catalogError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, wire.CatalogError{Code: status, Message: msg})
}

func (s *Server) routeCatalog(w http.ResponseWriter, r *http.Request, body []byte) {
	path := r.URL.EscapedPath()
	if path == "/api/login" {
		s.login(w, r, body)
		return
	}
	if !acceptable(r) {
		catalogError(w, http.StatusNotFound, "no representation for Accept: "+r.Header.Get("Accept"))
		return
	}
	if msg := s.authorize(r); msg != "" {
		catalogError(w, http.StatusUnauthorized, msg)
		return
	}
	if (r.Method == http.MethodPost || r.Method == http.MethodPut) && !isJSON(r.Header.Get("Content-Type")) {
		catalogError(w, http.StatusNotFound, "unsupported Content-Type: "+r.Header.Get("Content-Type"))
		return
	}
	rest, isItem := strings.CutPrefix(path, "/api/apis/")
	parts := strings.Split(rest, "/")
	switch {
	case path == "/api/apis" && r.Method == http.MethodGet:
		s.listAPIs(w)
	case path == "/api/apis" && r.Method == http.MethodPost:
		s.createAPI(w, r, body)
	case !isItem || slices.Contains(parts, ""):
		catalogError(w, http.StatusNotFound, "no such resource: "+r.Method+" "+r.URL.Path)
	case len(parts) == 1:
		s.routeAPIItem(w, r, parts[0], body)
	case len(parts) == 2 && parts[0] == "versions":
		s.routeVersionItem(w, r, parts[1], body)
	case len(parts) == 2 && parts[1] == "versions":
		s.routeVersions(w, r, parts[0], body)
	default:
		catalogError(w, http.StatusNotFound, "no such resource: "+r.Method+" "+r.URL.Path)
	}
}

func (s *Server) routeAPIItem(w http.ResponseWriter, r *http.Request, escapedID string, body []byte) {
	id, err := url.PathUnescape(escapedID)
	if err != nil {
		catalogError(w, http.StatusNotFound, "no such API")
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.getAPI(w, r, id)
	case http.MethodPut:
		s.updateAPI(w, id, body)
	case http.MethodDelete:
		s.deleteAPI(w, id)
	default:
		catalogError(w, http.StatusNotFound, "no such resource: "+r.Method+" "+r.URL.Path)
	}
}

// acceptable mirrors the platform answering 404 to an Accept it cannot serve.
func acceptable(r *http.Request) bool {
	accept := strings.ToLower(r.Header.Get("Accept"))
	if accept == "" || strings.Contains(accept, "*/*") || strings.Contains(accept, "json") {
		return true
	}
	return r.Method == http.MethodDelete && strings.Contains(accept, "text/plain")
}

func decodeAPI(body []byte) (*wire.API, string) {
	var in wire.API
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, "invalid API body: " + err.Error()
	}
	if msg := validateAPI(&in); msg != "" {
		return nil, msg
	}
	return &in, ""
}

func (s *Server) createAPI(w http.ResponseWriter, r *http.Request, body []byte) {
	in, msg := decodeAPI(body)
	if msg != "" {
		catalogError(w, http.StatusBadRequest, msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id := s.apiIDByName(in.Name); id != "" {
		catalogError(w, http.StatusConflict, fmt.Sprintf("An API named %q already exists (%s)", in.Name, id))
		return
	}
	rec := s.addAPILocked(in, r.Host)
	writeJSON(w, http.StatusOK, s.view(rec, rec.latest))
}

// addAPILocked stores a new API with its first version; s.mu must be held.
func (s *Server) addAPILocked(in *wire.API, host string) *apiRecord {
	now := s.timestamp()
	id := s.newID("api")
	rec := &apiRecord{api: wire.API{
		APIID: id, Name: in.Name, Description: in.Description, Visibility: orDefault(in.Visibility, "Limited"),
		PictureID: in.PictureID, AdminGroupID: s.newID("group"), Created: now, Updated: now,
		AvatarURL: "http://" + host + "/api/apis/" + id + "/avatar", RatingSummary: &wire.RatingSummary{},
	}}
	rec.versions = []wire.APIVersion{s.newVersion(id, *in.APIVersion, now)}
	rec.api.LatestVersionID = rec.versions[0].APIVersionID
	s.apis[id] = rec
	s.apiOrder = append(s.apiOrder, id)
	return rec
}

func (s *Server) updateAPI(w http.ResponseWriter, id string, body []byte) {
	in, msg := decodeAPI(body)
	if msg != "" {
		catalogError(w, http.StatusBadRequest, msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.apis[id]
	if !ok {
		apiNotFound(w, id)
		return
	}
	if other := s.apiIDByName(in.Name); other != "" && other != id {
		catalogError(w, http.StatusConflict, fmt.Sprintf("An API named %q already exists (%s)", in.Name, other))
		return
	}
	now := s.timestamp()
	rec.api.Name, rec.api.Description, rec.api.PictureID = in.Name, in.Description, in.PictureID
	rec.api.Visibility = orDefault(in.Visibility, "Limited")
	rec.api.Updated = now
	written := s.putVersion(rec, *in.APIVersion, now)
	writeJSON(w, http.StatusOK, s.view(rec, written))
}

// putVersion replaces the version of the same name, or adds a new latest
// version; it returns the index of the version written.
func (s *Server) putVersion(rec *apiRecord, in wire.APIVersion, now string) int {
	for i, v := range rec.versions {
		if v.Name == in.Name {
			nv := s.normalizeVersion(rec.api.APIID, in, now)
			nv.APIVersionID, nv.Created = v.APIVersionID, v.Created
			rec.versions[i] = nv
			return i
		}
	}
	return s.addVersionLocked(rec, in, now)
}

func (s *Server) newVersion(apiID string, in wire.APIVersion, now string) wire.APIVersion {
	v := s.normalizeVersion(apiID, in, now)
	v.APIVersionID = s.newVersionID()
	v.Created = now
	return v
}

// normalizeVersion drops read-only input and fills the platform's defaults.
func (s *Server) normalizeVersion(apiID string, in wire.APIVersion, now string) wire.APIVersion {
	v := in
	v.APIID, v.Updated, v.State = apiID, now, "com.soa.api.state.open"
	v.RatingSummary = &wire.RatingSummary{}
	v.Visibility = orDefault(v.Visibility, "Limited")
	v.Type = orDefault(v.Type, "shttp")
	v.Tag = nonNil(v.Tag)
	normalizeLists(&v.Endpoints, &v.Operations, &v.Policies)
	if v.TargetAPI != nil {
		t := *v.TargetAPI
		normalizeLists(&t.Endpoints, &t.Operations, &t.Policies)
		v.TargetAPI = &t
	}
	v.ProductionEndpoint = firstURI(v.Endpoints, "Production")
	v.SandboxEndpoint = firstURI(v.Endpoints, "Sandbox")
	return v
}

func normalizeLists(e *wire.Endpoints, o *wire.Operations, p *wire.Policies) {
	e.Endpoint = nonNil(e.Endpoint)
	for i := range e.Endpoint {
		e.Endpoint[i].ConnectionProperties = nonNil(e.Endpoint[i].ConnectionProperties)
	}
	o.Operation = nonNil(o.Operation)
	for i := range o.Operation {
		o.Operation[i].Input = nonNil(o.Operation[i].Input)
	}
	p.Policy = nonNil(p.Policy)
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return slices.Clone(list)
}

func firstURI(e wire.Endpoints, category string) string {
	for _, ep := range e.Endpoint {
		if ep.Category == category {
			return ep.Uri
		}
	}
	return ""
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func (s *Server) getAPI(w http.ResponseWriter, _ *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.apis[id]
	if !ok {
		apiNotFound(w, id)
		return
	}
	writeJSON(w, http.StatusOK, s.view(rec, rec.latest))
}

func (s *Server) deleteAPI(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.apis[id]; !ok {
		apiNotFound(w, id)
		return
	}
	s.removeAPILocked(id)
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
}

// removeAPILocked deletes an API and every version of it; s.mu must be held.
func (s *Server) removeAPILocked(id string) {
	delete(s.apis, id)
	s.apiOrder = slices.DeleteFunc(s.apiOrder, func(x string) bool { return x == id })
}

func (s *Server) listAPIs(w http.ResponseWriter) {
	s.mu.Lock()
	items := make([]wire.APIListItem, 0, len(s.apiOrder))
	for _, id := range s.apiOrder {
		items = append(items, wire.APIListItem{GUID: id, Title: s.apis[id].api.Name})
	}
	s.mu.Unlock()
	if s.cfg.ReverseLists {
		slices.Reverse(items)
	}
	var out wire.APIList
	out.Channel.Item = items
	writeJSON(w, http.StatusOK, out)
}

// apiIDByName must be called with s.mu held.
func (s *Server) apiIDByName(name string) string {
	for _, id := range s.apiOrder {
		if s.apis[id].api.Name == name {
			return id
		}
	}
	return ""
}

// newID must be called with s.mu held.
func (s *Server) newID(kind string) string {
	s.nextID++
	return fmt.Sprintf("%s%d.%s", kind, s.nextID, s.cfg.FedMemberID)
}

// newVersionID is "{uuid}.{tenant}" (wire/PROTOCOL.md §1.2). The UUID is
// derived from the same counter as every other ID, so that a mock seeded the
// same way hands out the same IDs, and API IDs stay what they were before
// versions had UUIDs. s.mu must be held.
func (s *Server) newVersionID() string {
	s.nextID++
	name := fmt.Appendf(nil, "apiversion%d.%s", s.nextID, s.cfg.FedMemberID)
	sum := sha1.Sum(name) //nolint:gosec // a name-based UUID, not a secret
	// Version 5 (name-based, SHA-1) and the RFC 9562 variant, so that the
	// ID is a well-formed UUID.
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x.%s", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16], s.cfg.FedMemberID)
}

func (s *Server) timestamp() string { return s.now().UTC().Format(time.RFC3339) }

// view is the API as GET shows it with version i; it shares nothing with
// the store, so callers may change it.
func (s *Server) view(rec *apiRecord, i int) wire.API {
	out := rec.api
	rs := *rec.api.RatingSummary
	out.RatingSummary = &rs
	v := s.versionView(rec.versions[i])
	out.APIVersion = &v
	return out
}
