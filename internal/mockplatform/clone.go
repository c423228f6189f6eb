package mockplatform

import (
	"encoding/json"
	"slices"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// cloneVersion deep-copies through JSON: the version is plain data.
func cloneVersion(v wire.APIVersion) wire.APIVersion {
	b, _ := json.Marshal(v)
	var out wire.APIVersion
	_ = json.Unmarshal(b, &out)
	return out
}

func reverseVersion(v *wire.APIVersion) {
	slices.Reverse(v.Tag)
	reverseLists(&v.Endpoints, &v.Operations, &v.Policies)
	if v.TargetAPI != nil {
		reverseLists(&v.TargetAPI.Endpoints, &v.TargetAPI.Operations, &v.TargetAPI.Policies)
	}
}

func reverseLists(e *wire.Endpoints, o *wire.Operations, p *wire.Policies) {
	slices.Reverse(e.Endpoint)
	for i := range e.Endpoint {
		slices.Reverse(e.Endpoint[i].ConnectionProperties)
	}
	slices.Reverse(o.Operation)
	for i := range o.Operation {
		slices.Reverse(o.Operation[i].Input)
	}
	slices.Reverse(p.Policy)
}

func nullEmptyLists(v *wire.APIVersion) {
	v.Tag = nilIfEmpty(v.Tag)
	nullLists(&v.Endpoints, &v.Operations, &v.Policies)
	if v.TargetAPI != nil {
		nullLists(&v.TargetAPI.Endpoints, &v.TargetAPI.Operations, &v.TargetAPI.Policies)
	}
}

func nullLists(e *wire.Endpoints, o *wire.Operations, p *wire.Policies) {
	for i := range e.Endpoint {
		e.Endpoint[i].ConnectionProperties = nilIfEmpty(e.Endpoint[i].ConnectionProperties)
	}
	for i := range o.Operation {
		o.Operation[i].Input = nilIfEmpty(o.Operation[i].Input)
	}
	e.Endpoint, o.Operation, p.Policy = nilIfEmpty(e.Endpoint), nilIfEmpty(o.Operation), nilIfEmpty(p.Policy)
}

func nilIfEmpty[T any](list []T) []T {
	if len(list) == 0 {
		return nil
	}
	return list
}

// APIs returns every API as GET would show it, in creation order.
func (s *Server) APIs() []wire.API {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]wire.API, 0, len(s.apiOrder))
	for _, id := range s.apiOrder {
		rec := s.apis[id]
		out = append(out, s.view(rec, rec.latest))
	}
	return out
}

// APIVersions returns every version of an API, oldest first.
func (s *Server) APIVersions(id string) []wire.APIVersion {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.apis[id]
	if !ok {
		return nil
	}
	out := make([]wire.APIVersion, 0, len(rec.versions))
	for _, v := range rec.versions {
		out = append(out, cloneVersion(v))
	}
	return out
}

// RemoveAPI deletes an API behind the client's back.
func (s *Server) RemoveAPI(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeAPILocked(id)
}

// InsertAPI adds a minimal API straight to the store, skipping the name
// check: tests use it for a platform that broke its own uniqueness promise.
func (s *Server) InsertAPI(name string) string { return s.seedAPI(name) }

// seedAPI adds a minimal API directly to the store and returns its ID.
func (s *Server) seedAPI(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addAPILocked(&wire.API{Name: name, APIVersion: &wire.APIVersion{Name: "1.0"}}, "mock").api.APIID
}
