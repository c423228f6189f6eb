package openapi

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The public documents of the corpus live outside the repository (they are
// other people's documents and are never committed): in the folder that
// PLATFORM_OPENAPI_CORPUS names, else in shared/openapi-corpus beside the
// repository's root.
const corpusEnv = "PLATFORM_OPENAPI_CORPUS"

// corpus returns the path of the corpus folder, or skips the test.
func corpus(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(corpusEnv)
	if dir == "" {
		root, err := repoRoot()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(filepath.Dir(root), "shared", "openapi-corpus")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no OpenAPI corpus at %s (set %s, or put it beside the repository): %v", dir, corpusEnv, err)
	}
	return dir
}

// repoRoot is the directory of go.mod above the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// readCorpus reads a corpus document. A file holding nothing but a relative
// path to another file of the shared folder is a symbolic link that was
// copied as text: the document is the file it names.
func readCorpus(t testing.TB, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if target := strings.TrimSpace(string(b)); len(b) < 256 && !bytes.ContainsAny(b, ":{") && strings.HasPrefix(target, "../") {
		if linked, err := os.ReadFile(filepath.Join(dir, target)); err == nil {
			return linked
		}
	}
	return b
}

func TestCorpus(t *testing.T) {
	dir := corpus(t)
	cases := []struct {
		file string
		ops  int
		err  string // a part of the error the document must be refused with
	}{
		{file: "oai-v2-petstore.json", ops: 3},
		{file: "oai-v2-uber.yaml", ops: 5},
		{file: "oai-v2-petstore-separate.json", err: `leaves the document`},
		{file: "moby-engine-api-swagger.yaml", ops: 108},
		{file: "oai-v3-petstore-expanded.yaml", ops: 4},
		{file: "oai-v3-uspto.json", ops: 3},
		{file: "oai-v3-link-example.yaml", ops: 6},
		{file: "oai-v3-callback-example.yaml", ops: 1},
		{file: "swagger-petstore-v3.yaml", ops: 19},
		{file: "twilio-api-v2010.json", ops: 197},
		{file: "apinizer-openapi.yaml", err: `9 more operations reuse an operationId: "getApiOpsCertificateExport-fileGet" (GET /apiops/projects/{projectName}/certificates/{certificateName}/export-file/), "getsAnAIDLPAi-dlp-presetsGet" (GET /apiops/settings/ai-dlp-presets/{presetName}/)`},
		{file: "oai-v31-webhook-example.yaml", ops: 0},
		{file: "redocly-museum.yaml", ops: 8},
		{file: "sendgrid-v3-stoplight.json", ops: 334},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			ops, err := Operations(readCorpus(t, dir, c.file))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one containing %q", err, c.err)
				}
				t.Log(err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ops) != c.ops {
				t.Fatalf("%d operations, want %d", len(ops), c.ops)
			}
			checkWellFormed(t, ops)
		})
	}
}

// checkWellFormed checks what holds for every result: unique non-blank
// names, known methods, paths and methods in order.
func checkWellFormed(t *testing.T, ops []Operation) {
	t.Helper()
	names := map[string]bool{}
	for i, op := range ops {
		if strings.TrimSpace(op.Name) == "" || names[op.Name] {
			t.Errorf("operation %d (%s %s): name %q is blank or not unique", i, op.Method, op.Path, op.Name)
		}
		names[op.Name] = true
		if methodRank(op.Method) < 0 {
			t.Errorf("operation %d: method %q", i, op.Method)
		}
		if i > 0 {
			prev := ops[i-1]
			if prev.Path > op.Path || prev.Path == op.Path && methodRank(prev.Method) >= methodRank(op.Method) {
				t.Errorf("operation %d (%s %s) comes after %s %s", i, op.Method, op.Path, prev.Method, prev.Path)
			}
		}
	}
}

func methodRank(m string) int {
	for i, x := range Methods {
		if x == m {
			return i
		}
	}
	return -1
}
