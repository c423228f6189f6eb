package client

import (
	"errors"
	"strings"
	"testing"
)

func TestParseErrorBody(t *testing.T) {
	cases := map[string]string{
		`{"Code":409,"Message":"An API named x already exists"}`:                    "An API named x already exists",
		`{"error":"forbidden","error_description":"User does not have permission"}`: "User does not have permission",
		`{"status":"FAILURE","resultMessage":"ApiProxy (name: x) was not found!"}`:  "ApiProxy (name: x) was not found!",
		`<html>Bad Gateway</html>`: "<html>Bad Gateway</html>",
		strings.Repeat("é", 300):   strings.Repeat("é", 100) + "…",
		``:                         ``,
	}
	for body, want := range cases {
		if got := ParseErrorBody([]byte(body)); got != want {
			t.Errorf("ParseErrorBody(%.40q) = %q, want %q", body, got, want)
		}
	}
}

func TestNotFoundMatching(t *testing.T) {
	cases := []struct {
		path   string
		status int
		body   string
		want   bool
	}{
		{"/api/apis/x", 404, `{"Code":404,"Message":"gone"}`, true},
		{"/apiops/projects/p/apiProxies/x/", 404, `{"error":"not_found"}`, true},
		{"/apiops/projects/p/apiProxies/x/", 400, `{"status":"FAILURE","resultMessage":"Project (name: p) was not found!"}`, true},
		{"/apiops/projects/p/apiProxies/x/", 400, `{"error":"bad_request","error_description":"Address is required"}`, false},
		{"/api/apis", 400, `{"Code":400,"Message":"thing not found"}`, false},
	}
	for _, tc := range cases {
		err := newAPIError("GET", tc.path, tc.status, []byte(tc.body))
		if got := errors.Is(err, ErrNotFound); got != tc.want {
			t.Errorf("%s %d %s: not found = %v, want %v", tc.path, tc.status, tc.body, got, tc.want)
		}
	}
}

func FuzzParseErrorBody(f *testing.F) {
	for _, s := range []string{`{"Code":1,"Message":"m"}`, `{"error_description":5}`, `{"resultMessage":null}`, "\xff\xfe", `[]`, `"s"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msg := ParseErrorBody(body)
		if len(msg) > maxRawBody+len("…") && !strings.HasPrefix(string(body), "{") {
			t.Fatalf("message of %d bytes not shortened", len(msg))
		}
		_ = newAPIError("GET", "/apiops/x", 400, body).Error()
	})
}
