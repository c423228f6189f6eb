package openapi

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// Each document of testdata/golden is aimed at one rule (its first lines
// say which); its .golden file is the expected result.
func TestOperationsGolden(t *testing.T) {
	docs, err := filepath.Glob("testdata/golden/*.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range docs {
		if strings.HasSuffix(doc, ".golden") {
			continue
		}
		t.Run(filepath.Base(doc), func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(doc)
			if err != nil {
				t.Fatal(err)
			}
			ops, err := Operations(b)
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, ops)
			got, err := json.MarshalIndent(ops, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(doc, filepath.Ext(doc)) + ".golden"
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(string(want)) != string(got) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestOperationsErrors(t *testing.T) {
	cases := map[string]string{
		"bad-yaml.yaml":               `the document is not valid YAML: line 7:`,
		"bad-json.json":               `the document is not valid JSON: line 3, column 41: invalid character '}'`,
		"cut-json.json":               `the document is not valid JSON: line 5`,
		"no-version.yaml":             `not OpenAPI 2.0 or 3.x: it has no openapi or swagger field`,
		"top-level-list.yaml":         `its top level (line 1) is a list`,
		"openapi-4.yaml":              `openapi "4.0.0" (line 1) is not a supported version`,
		"swagger-1.2.json":            `swagger "1.2" (line 1) is not a supported version`,
		"duplicate-operation-id.yaml": `operationId "getThing" is used by both GET /a and POST /b`,
		"ref-other-file.yaml":         `$ref "common.yaml#/components/parameters/id" at /paths/~1a/get/parameters/0 (GET /a, line 7) leaves the document`,
		"ref-url.json":                `$ref "https://schemas.example.com/thing.json" at /paths/~1a/get/responses/200/content/application~1json/schema (GET /a, line 8) leaves the document`,
		"ref-nowhere.yaml":            `$ref "#/components/parameters/nope" at /paths/~1a/get/parameters/0 (GET /a, line 7) points nowhere: the document has no /components/parameters/nope`,
		"ref-cycle.yaml":              `$ref "#/components/parameters/p" at /paths/~1a/get/parameters/0 (GET /a, line 7) leads back to itself: #/components/parameters/p -> #/components/parameters/q -> #/components/parameters/p`,
		"v2-schema-ref-nowhere.yaml":  `$ref "#/definitions/Nope" at /paths/~1a/get/responses/200/schema (GET /a, line 9) points nowhere: the document has no /definitions/Nope`,
		"v2-ref-other-file.json":      `$ref "parameters.json#/limit" at /paths/~1a/get/parameters/0 (GET /a, line 5) leaves the document`,
		"v3-schema-ref-nowhere.yaml":  `$ref "#/components/schemas/Missing" at /paths/~1a/post/requestBody/content/application~1json/schema (POST /a, line 8) points nowhere: the document has no /components`,
		"empty.yaml":                  `the document is empty`,
		"version-number.yaml":         `swagger 2.0 (line 1) is a number, and the version must be a string: write swagger: "2.0"`,
		"alias-loop.yaml":             `anchor "loop" value contains itself`,
		"alias-bomb.yaml":             `document contains excessive aliasing`,
	}
	for file, want := range cases {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(filepath.Join("testdata/errors", file))
			if err != nil {
				t.Fatal(err)
			}
			ops, err := Operations(b)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("got %v (%d operations), want an error containing\n%s", err, len(ops), want)
			}
		})
	}
}

func TestOperationsRefusesInput(t *testing.T) {
	for name, doc := range map[string]string{
		"nothing":      "",
		"white space":  " \n\t",
		"binary":       "\x00\x01\x02\xff",
		"a string":     `"openapi"`,
		"a JSON list":  `[{"openapi": "3.0.0"}]`,
		"a number":     "42",
		"openapi only": "openapi: 3.0.3",
	} {
		t.Run(name, func(t *testing.T) {
			ops, err := Operations([]byte(doc))
			if name == "openapi only" {
				if err != nil || len(ops) != 0 {
					t.Fatalf("got %v, %v; want no operations", ops, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("got %v, want an error", ops)
			}
		})
	}
}

// A $ref to a file that exists or to a server that answers is still
// refused, and neither is read.
func TestOperationsReadsNothingElse(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		_, _ = fmt.Fprint(w, `{"name": "limit", "in": "query", "schema": {"type": "integer"}}`)
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "param.json")
	if err := os.WriteFile(file, []byte(`{"name": "limit", "in": "query", "type": "integer"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{srv.URL + "/param.json", file, "file://" + file} {
		for _, version := range []string{`"openapi": "3.0.3"`, `"swagger": "2.0"`} {
			doc := fmt.Sprintf(`{%s, "info": {"title": "t", "version": "1"},
				"paths": {"/a": {"get": {"parameters": [{"$ref": %q}], "responses": {"200": {"description": "ok"}}}}}}`, version, ref)
			if _, err := Operations([]byte(doc)); err == nil || !strings.Contains(err.Error(), "leaves the document") {
				t.Errorf("%s, $ref %s: got %v, want a refusal", version, ref, err)
			}
			// The library itself, past the document's own check, refuses too.
			if version == `"openapi": "3.0.3"` {
				if _, err := decodeV3([]byte(doc)); err == nil {
					t.Errorf("the library resolved $ref %s", ref)
				}
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the server was asked %d times", n)
	}
}

// FuzzOperations feeds the documents of testdata and changes of them to
// Operations, which must return operations or an error, never panic.
func FuzzOperations(f *testing.F) {
	for _, pattern := range []string{"testdata/golden/*.*", "testdata/errors/*.*"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, ".golden") {
				continue
			}
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		ops, err := Operations(doc)
		if err == nil {
			checkWellFormed(t, ops)
		}
	})
}

// Terraform may call the function for several resources at once.
func TestOperationsConcurrently(t *testing.T) {
	docs, err := filepath.Glob("testdata/golden/*.*")
	if err != nil {
		t.Fatal(err)
	}
	docs = slices.DeleteFunc(docs, func(doc string) bool { return strings.HasSuffix(doc, ".golden") })
	done := make(chan error)
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for range 20 {
				if _, err := Operations(b); err != nil {
					done <- fmt.Errorf("%s: %w", doc, err)
					return
				}
			}
			done <- nil
		}()
	}
	for range docs {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
