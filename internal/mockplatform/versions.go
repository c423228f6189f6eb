package mockplatform

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// The versions of an API addressed directly (wire/PROTOCOL.md §1.5). The
// session, CSRF and content negotiation of routeCatalog apply unchanged.

// routeVersions serves /api/apis/{APIID}/versions: list and add.
func (s *Server) routeVersions(w http.ResponseWriter, r *http.Request, escapedID string, body []byte) {
	id, err := url.PathUnescape(escapedID)
	if err != nil {
		catalogError(w, http.StatusNotFound, "no such API")
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.listVersions(w, id)
	case http.MethodPost:
		s.addVersion(w, id, body)
	default:
		catalogError(w, http.StatusNotFound, "no such resource: "+r.Method+" "+r.URL.Path)
	}
}

// routeVersionItem serves /api/apis/versions/{APIVersionID}: read, update
// and delete.
func (s *Server) routeVersionItem(w http.ResponseWriter, r *http.Request, escapedVID string, body []byte) {
	vid, err := url.PathUnescape(escapedVID)
	if err != nil {
		catalogError(w, http.StatusNotFound, "no such API version")
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.getVersion(w, vid)
	case http.MethodPut:
		s.updateVersion(w, vid, body)
	case http.MethodDelete:
		s.deleteVersion(w, vid)
	default:
		catalogError(w, http.StatusNotFound, "no such resource: "+r.Method+" "+r.URL.Path)
	}
}

// decodeVersion reads a version body and holds it to the rules of a version
// inside an API body; Name is required on add and update alike.
func decodeVersion(body []byte) (*wire.APIVersion, string) {
	var in wire.APIVersion
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, "invalid APIVersion body: " + err.Error()
	}
	if msg := validateVersion("", &in); msg != "" {
		return nil, msg
	}
	return &in, ""
}

func apiNotFound(w http.ResponseWriter, id string) {
	catalogError(w, http.StatusNotFound, "API "+id+" was not found")
}

func versionNotFound(w http.ResponseWriter, vid string) {
	catalogError(w, http.StatusNotFound, "API version "+vid+" was not found")
}

func versionConflict(w http.ResponseWriter, name, vid string) {
	catalogError(w, http.StatusConflict, fmt.Sprintf("The API already has a version named %q (%s)", name, vid))
}

// listVersions answers oldest first. Unlike the other lists it is not
// reversed under ReverseLists: this order is promised.
func (s *Server) listVersions(w http.ResponseWriter, id string) {
	s.mu.Lock()
	rec, ok := s.apis[id]
	var items []wire.APIListItem
	if ok {
		items = make([]wire.APIListItem, 0, len(rec.versions))
		for _, v := range rec.versions {
			items = append(items, wire.APIListItem{GUID: v.APIVersionID, Title: v.Name, PubDate: v.Created})
		}
	}
	s.mu.Unlock()
	if !ok {
		apiNotFound(w, id)
		return
	}
	var out wire.APIList
	out.Channel.Item = items
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) addVersion(w http.ResponseWriter, id string, body []byte) {
	in, msg := decodeVersion(body)
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
	if i := rec.versionNamed(in.Name); i >= 0 {
		versionConflict(w, in.Name, rec.versions[i].APIVersionID)
		return
	}
	i := s.addVersionLocked(rec, *in, s.timestamp())
	writeJSON(w, http.StatusOK, s.versionView(rec.versions[i]))
}

// addVersionLocked appends a version, which becomes the latest, and returns
// its index; s.mu must be held.
func (s *Server) addVersionLocked(rec *apiRecord, in wire.APIVersion, now string) int {
	rec.versions = append(rec.versions, s.newVersion(rec.api.APIID, in, now))
	rec.latest = len(rec.versions) - 1
	rec.api.LatestVersionID = rec.versions[rec.latest].APIVersionID
	return rec.latest
}

func (s *Server) getVersion(w http.ResponseWriter, vid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, i := s.findVersion(vid)
	if rec == nil {
		versionNotFound(w, vid)
		return
	}
	writeJSON(w, http.StatusOK, s.versionView(rec.versions[i]))
}

// updateVersion replaces a version by its ID; a new Name renames it, and
// the latest stays the latest whichever version this is.
func (s *Server) updateVersion(w http.ResponseWriter, vid string, body []byte) {
	in, msg := decodeVersion(body)
	if msg != "" {
		catalogError(w, http.StatusBadRequest, msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, i := s.findVersion(vid)
	if rec == nil {
		versionNotFound(w, vid)
		return
	}
	if j := rec.versionNamed(in.Name); j >= 0 && j != i {
		versionConflict(w, in.Name, rec.versions[j].APIVersionID)
		return
	}
	old := rec.versions[i]
	nv := s.normalizeVersion(rec.api.APIID, *in, s.timestamp())
	nv.APIVersionID, nv.Created = old.APIVersionID, old.Created
	rec.versions[i] = nv
	writeJSON(w, http.StatusOK, s.versionView(nv))
}

func (s *Server) deleteVersion(w http.ResponseWriter, vid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, i := s.findVersion(vid)
	if rec == nil {
		versionNotFound(w, vid)
		return
	}
	s.removeVersionLocked(rec, i)
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
}

// removeVersionLocked deletes version i. The only version takes its API
// with it; when the latest goes, the most recently added remaining version
// becomes the latest. s.mu must be held.
func (s *Server) removeVersionLocked(rec *apiRecord, i int) {
	if len(rec.versions) == 1 {
		s.removeAPILocked(rec.api.APIID)
		return
	}
	wasLatest := i == rec.latest
	rec.versions = append(rec.versions[:i:i], rec.versions[i+1:]...)
	switch {
	case wasLatest:
		rec.latest = mostRecentlyAdded(rec.versions)
	case i < rec.latest:
		rec.latest--
	}
	rec.api.LatestVersionID = rec.versions[rec.latest].APIVersionID
}

// mostRecentlyAdded is the index of the version created last. Created has
// whole seconds, so versions added in one second tie: the later in the list
// (the order they were added in) wins (wire/PROTOCOL.md §1.5, Readings).
func mostRecentlyAdded(versions []wire.APIVersion) int {
	best, bestAt := 0, time.Time{}
	for i, v := range versions {
		at, _ := time.Parse(time.RFC3339, v.Created)
		if i == 0 || !at.Before(bestAt) {
			best, bestAt = i, at
		}
	}
	return best
}

// versionNamed is the index of the API's version of that name, or -1.
func (rec *apiRecord) versionNamed(name string) int {
	for i, v := range rec.versions {
		if v.Name == name {
			return i
		}
	}
	return -1
}

// findVersion finds a version by its ID among every API's: version IDs are
// global. It returns nil when there is none; s.mu must be held.
func (s *Server) findVersion(vid string) (*apiRecord, int) {
	for _, id := range s.apiOrder {
		rec := s.apis[id]
		for i, v := range rec.versions {
			if v.APIVersionID == vid {
				return rec, i
			}
		}
	}
	return nil, -1
}

// versionView is a version as the platform shows it; it shares nothing with
// the store.
func (s *Server) versionView(v wire.APIVersion) wire.APIVersion {
	out := cloneVersion(v)
	if s.cfg.ReverseLists {
		reverseVersion(&out)
	}
	if s.cfg.NullEmptyLists {
		nullEmptyLists(&out)
	}
	return out
}

// AddVersion adds a version to an API behind the client's back, as another
// team would; it becomes the latest. It returns the new APIVersionID, or ""
// when there is no such API or it already has a version of that name.
func (s *Server) AddVersion(apiID string, v wire.APIVersion) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.apis[apiID]
	if !ok || rec.versionNamed(v.Name) >= 0 {
		return ""
	}
	return rec.versions[s.addVersionLocked(rec, v, s.timestamp())].APIVersionID
}

// DeleteVersion deletes a version behind the client's back, by the rules
// of DELETE /api/apis/versions/{APIVersionID}; false when there is none.
func (s *Server) DeleteVersion(vid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, i := s.findVersion(vid)
	if rec == nil {
		return false
	}
	s.removeVersionLocked(rec, i)
	return true
}

// APIVersion returns a copy of a version by its ID, as the platform holds it.
func (s *Server) APIVersion(vid string) (wire.APIVersion, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, i := s.findVersion(vid)
	if rec == nil {
		return wire.APIVersion{}, false
	}
	return cloneVersion(rec.versions[i]), true
}
