package client_test

import (
	"context"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// Many APIs' versions in one call: oldest first per API, and an API gone
// by the time its list is read has no entry.
func TestListVersionsOfEach(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	ids := make([]string, 0, 25)
	for i := range 25 {
		ids = append(ids, m.InsertAPI("api-"+string(rune('a'+i))))
	}
	v2 := m.AddVersion(ids[3], wire.APIVersion{Name: "2.0"})
	gone := "api99999.acmepaymentscorp"
	got, err := c.ListVersionsOfEach(context.Background(), append(ids, gone))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Fatalf("%d entries, want %d (none for the API that is gone)", len(got), len(ids))
	}
	if vs := got[ids[3]]; len(vs) != 2 || vs[0].Title != "1.0" || vs[1].GUID != v2 {
		t.Fatalf("versions of %s: %+v, want 1.0 then 2.0 (%s)", ids[3], vs, v2)
	}
	if _, ok := got[gone]; ok {
		t.Fatal("an entry for an API that does not exist")
	}
}
