package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi3"
)

// decode reads doc with kin-openapi and walks its model. When the library
// fails, its message seldom says where: diagnose then looks for the cause in
// the document's own tree, which knows lines and pointers.
func decode(doc []byte) ([]Operation, error) {
	// A byte order mark is no part of the document (editors on Windows
	// write one), and the JSON decoder would stop at it.
	doc = bytes.TrimPrefix(doc, []byte("\ufeff"))
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil, errors.New("the document is empty")
	}
	ops, err := decodeWithLibrary(doc)
	if err == nil {
		return ops, nil
	}
	if cause := diagnose(doc); cause != nil {
		return nil, cause
	}
	return nil, err
}

// decodeWithLibrary picks the library's model by the version field. A
// document that only seems to have an openapi field (a JSON key of that name
// deeper down) and has a swagger one is read as Swagger 2.0 after all.
func decodeWithLibrary(doc []byte) ([]Operation, error) {
	if hasKey(doc, "openapi") {
		ops, err := decodeV3(doc)
		if !errors.Is(err, errNoVersion) || !hasKey(doc, "swagger") {
			return ops, err
		}
	}
	if hasKey(doc, "swagger") {
		return decodeV2(doc)
	}
	return decodeV3(doc)
}

// hasKey says whether doc seems to have key as a mapping key, without
// decoding it: in YAML a key at the start of a line (the top level of a
// block mapping), in JSON a quoted key anywhere. It only picks the model to
// decode into; the decoded version field decides.
func hasKey(doc []byte, key string) bool {
	k := []byte(key)
	for i := 0; ; {
		j := bytes.Index(doc[i:], k)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(k)
		i = end
		quoted := start > 0 && (doc[start-1] == '"' || doc[start-1] == '\'')
		lineStart := start
		if quoted {
			lineStart--
		}
		if quoted && end < len(doc) && doc[end] == doc[start-1] {
			end++
		} else if quoted {
			continue
		}
		if !followedByColon(doc[end:]) {
			continue
		}
		if lineStart == 0 || doc[lineStart-1] == '\n' || doc[start-1] == '"' && isJSON(doc) {
			return true
		}
	}
}

func followedByColon(rest []byte) bool {
	rest = bytes.TrimLeft(rest, " \t")
	return len(rest) > 0 && rest[0] == ':'
}

// isJSON says whether doc is read as JSON: its first byte that is not white
// space opens an object or an array. JSON is read as JSON, not as YAML: YAML
// parsers refuse surrogate-pair escapes (\ud83d\udc4d) and raw C1 control
// characters, both valid in JSON.
func isJSON(doc []byte) bool {
	t := bytes.TrimLeft(doc, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

func decodeV3(doc []byte) ([]Operation, error) {
	loader := newLoader()
	var t *openapi3.T
	if isJSON(doc) {
		t = &openapi3.T{}
		if err := json.Unmarshal(doc, t); err != nil {
			return nil, fmt.Errorf("the document does not read as OpenAPI 3: %w", err)
		}
		if err := checkVersion3(t.OpenAPI); err != nil {
			return nil, err
		}
		if err := loader.ResolveRefsIn(t, nil); err != nil {
			return nil, fmt.Errorf("resolving $refs: %w", err)
		}
	} else {
		var err error
		if t, err = loader.LoadFromData(doc); err != nil {
			return nil, fmt.Errorf("the document does not read as OpenAPI 3: %w", err)
		}
		if err := checkVersion3(t.OpenAPI); err != nil {
			return nil, err
		}
	}
	return walkV3(t)
}

// newLoader resolves the $refs within a document and refuses every other
// one: its ReadFromURIFunc is asked for anything outside the document (a
// file, a URL) and never reads it. Setting the function, not only
// IsExternalRefsAllowed, is what guarantees it: the library consults the
// flag only where no function is set.
func newLoader() *openapi3.Loader {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		return nil, fmt.Errorf("a $ref to %q leaves the document, and nothing but the document is read", u)
	}
	return loader
}

var version3 = regexp.MustCompile(`^3\.[01](\.\d+)?$`)

func checkVersion3(v string) error {
	if version3.MatchString(v) {
		return nil
	}
	return errUnsupportedVersion("openapi", v)
}

// errNoVersion is a document with neither an openapi nor a swagger field.
var errNoVersion = errors.New("the document is not OpenAPI 2.0 or 3.x: it has no openapi or swagger field at the top level")

func errUnsupportedVersion(field, v string) error {
	if v == "" {
		return errNoVersion
	}
	return fmt.Errorf("%s %q is not a supported version: the document must be OpenAPI 3.0, 3.1 or Swagger 2.0", field, v)
}

func decodeV2(doc []byte) ([]Operation, error) {
	// kin-openapi does not resolve Swagger 2.0 $refs: the document's own
	// tree checks that every one of them stays inside and leads somewhere.
	if err := diagnose(doc); err != nil {
		return nil, err
	}
	var t openapi2.T
	var err error
	if isJSON(doc) {
		err = json.Unmarshal(doc, &t)
	} else {
		err = openapi2.UnmarshalFromData(doc, &t)
	}
	if err != nil {
		return nil, fmt.Errorf("the document does not read as Swagger 2.0: %w", err)
	}
	if t.Swagger != "2.0" {
		return nil, errUnsupportedVersion("swagger", t.Swagger)
	}
	return walkV2(&t)
}
