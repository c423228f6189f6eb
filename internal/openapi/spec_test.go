package openapi

import (
	"strings"
	"testing"
)

// ReadSpec takes what the platform takes for a proxy, and refuses, naming
// the problem, what it refuses (wire/PROTOCOL.md §2.9).
func TestReadSpec(t *testing.T) {
	for name, c := range map[string]struct {
		doc     string
		swagger bool
		ops     []string
		err     string
	}{
		"openapi 3.0": {doc: "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /orders:\n    get: {}\n    trace: {}\n  /orders/{id}:\n    delete: {operationId: x}\n    put: {operationId: x}\n",
			ops: []string{"GET /orders", "PUT /orders/{id}", "DELETE /orders/{id}"}},
		"swagger 2.0 json": {doc: `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"post": {}}}}`,
			swagger: true, ops: []string{"POST /a"}},
		"3.1 webhooks only": {doc: "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  ping:\n    post: {}\n"},
		"byte order mark":   {doc: "\ufeffopenapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"},
		"no patch":          {doc: "openapi: '3.1'\ninfo: {title: t, version: '1'}\npaths: {}\n", err: `openapi "3.1" (line 1) lacks its patch number`},
		"no info":           {doc: "openapi: 3.0.0\npaths: {}\n", err: "no info object"},
		"no paths":          {doc: "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n", err: "no paths object"},
		"3.0 webhooks":      {doc: "openapi: 3.0.0\ninfo: {title: t, version: '1'}\nwebhooks: {}\n", err: "no paths object"},
		"paths a list":      {doc: "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: []\n", err: "line 3"},
		"not openapi":       {doc: "name: x\n", err: "no openapi or swagger field"},
		"does not parse":    {doc: "openapi: 3.0.0\ninfo: [\n", err: "not valid YAML"},
	} {
		t.Run(name, func(t *testing.T) {
			spec, err := ReadSpec([]byte(c.doc))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got error %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, op := range spec.Operations {
				got = append(got, op.Method+" "+op.Path)
			}
			if spec.Swagger != c.swagger || strings.Join(got, ",") != strings.Join(c.ops, ",") {
				t.Errorf("got swagger %v, %v; want %v, %v", spec.Swagger, got, c.swagger, c.ops)
			}
		})
	}
}
