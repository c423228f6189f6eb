package mockplatform

import (
	"slices"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// seedCatalog adds the seed's APIs, each with its own ID and its versions'
// where the seed gives them; s.mu need not be held (New has the only
// reference).
func (s *Server) seedCatalog(apis []CatalogAPI) {
	for _, a := range apis {
		next := s.nextID
		versions := a.Versions
		if len(versions) == 0 {
			versions = []wire.APIVersion{{Name: "1.0"}}
		}
		first := versions[0]
		rec := s.addAPILocked(&wire.API{Name: a.Name, Description: a.Description, Visibility: a.Visibility, APIVersion: &first}, "mock")
		for _, v := range versions[1:] {
			s.addVersionLocked(rec, v, rec.api.Created)
		}
		if a.ID != "" && a.ID != rec.api.APIID {
			s.renameAPILocked(rec, a.ID)
		}
		for i, v := range versions {
			if v.APIVersionID != "" {
				rec.versions[i].APIVersionID = v.APIVersionID
			}
		}
		rec.api.LatestVersionID = rec.versions[rec.latest].APIVersionID
		// An API whose IDs the seed gives leaves the counter where it was,
		// so that the first API created is api10001 as on an empty
		// catalog.
		if a.ID != "" && !slices.ContainsFunc(versions, func(v wire.APIVersion) bool { return v.APIVersionID == "" }) {
			s.nextID = next
		}
	}
}

// renameAPILocked gives a just-added API the ID a seed names.
func (s *Server) renameAPILocked(rec *apiRecord, id string) {
	old := rec.api.APIID
	delete(s.apis, old)
	rec.api.APIID = id
	rec.api.AvatarURL = "http://mock/api/apis/" + id + "/avatar"
	for i := range rec.versions {
		rec.versions[i].APIID = id
	}
	s.apis[id] = rec
	for i, x := range s.apiOrder {
		if x == old {
			s.apiOrder[i] = id
		}
	}
}
