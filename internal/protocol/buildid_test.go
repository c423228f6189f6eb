package protocol

import "testing"

// The read record's stamp names the build, so that a development build
// never relies on a record another build wrote.
func TestReadStampNamesTheBuild(t *testing.T) {
	if id := buildID(); len(id) != 64 {
		t.Fatalf("build ID %q", id)
	}
}
