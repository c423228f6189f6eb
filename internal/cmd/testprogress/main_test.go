package main

import (
	"bytes"
	"strings"
	"testing"
)

// A run as go test -json reports it: packages start and end with go test's
// own lines, a failing test's output is shown whole, a passing test's is
// not, the docs test's list is, and the closing line counts.
func TestReport(t *testing.T) {
	events := `{"Action":"start","Package":"m/a"}
{"Action":"run","Package":"m/a","Test":"TestOK"}
{"Action":"output","Package":"m/a","Test":"TestOK","Output":"    x_test.go:1: quiet\n"}
{"Action":"output","Package":"m/a","Test":"TestOK","Output":"    docs_test.go:9: docs-example: README.md:40 ran\n"}
{"Action":"pass","Package":"m/a","Test":"TestOK","Elapsed":0.1}
{"Action":"run","Package":"m/a","Test":"TestBad"}
{"Action":"output","Package":"m/a","Test":"TestBad","Output":"    x_test.go:2: boom\n"}
{"Action":"fail","Package":"m/a","Test":"TestBad","Elapsed":0.2}
{"Action":"output","Package":"m/a","Output":"FAIL\tm/a\t0.300s\n"}
{"Action":"fail","Package":"m/a","Elapsed":0.3}
{"Action":"skip","Package":"m/b"}
not json: passed on
`
	var out bytes.Buffer
	r := newReport(&out)
	r.read(strings.NewReader(events))
	r.summary()
	got := out.String()
	for _, want := range []string{"--- m/a: started\n", "docs-example: README.md:40 ran\n", "TestBad failed after 0.20s", "x_test.go:2: boom\n",
		"FAIL\tm/a\t0.300s\n", "?   \tm/b\t[no test files]\n", "not json: passed on\n", "tests: 1 passed, 1 failed, 0 skipped\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "quiet") || strings.Count(got, "FAIL\tm/a") != 1 {
		t.Errorf("a passing test's output, or go test's closing line twice:\n%s", got)
	}
}
