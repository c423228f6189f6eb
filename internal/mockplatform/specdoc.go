package mockplatform

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// The documents proxies are made from (wire/PROTOCOL.md §2.9). The mock
// reads them on its own, JSON with encoding/json and the rest with a YAML
// parser, into one kind of node tree, and takes from them only what the
// platform shows: the version, that info and paths are objects, and each
// operation's method, path and summary. It shares no
// code with the provider's reading of OpenAPI documents, so that each
// checks the other.

// maxSpecBody bounds an uploaded or fetched document, and the multipart
// body that carries one.
const maxSpecBody = 8 << 20

// specOperation is one operation of a document.
type specOperation struct {
	method  string // upper case
	path    string
	summary string
}

// specMethods are the operations a path item may hold, in OpenAPI's order.
var specMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

var openAPIVersion = regexp.MustCompile(`^3\.[01]\.[0-9]+$`)

// parseSpecDocument returns the operations of a document, or the message
// of the 400 answer when it is not one the platform takes.
func parseSpecDocument(doc []byte) ([]specOperation, string) {
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil, "The specification is empty"
	}
	if !utf8.Valid(doc) {
		return nil, "The specification is not UTF-8 text"
	}
	top, msg := loadSpec(doc)
	if msg != "" {
		return nil, msg
	}
	if top == nil || top.Kind != yaml.MappingNode {
		return nil, "The specification is not an object"
	}
	version, msg := specVersion(top)
	if msg != "" {
		return nil, msg
	}
	if !isMapping(field(top, "info")) {
		return nil, "The specification has no info object"
	}
	paths := field(top, "paths")
	switch {
	case paths != nil && paths.Kind != yaml.MappingNode:
		return nil, "The specification's paths is not an object"
	case paths == nil && version == "3.1" && (isMapping(field(top, "webhooks")) || isMapping(field(top, "components"))):
		return []specOperation{}, ""
	case paths == nil:
		return nil, "The specification has no paths object"
	}
	return operations(top, paths), ""
}

// loadSpec reads a document into a node tree: JSON with encoding/json
// (specjson.go), anything else with the YAML parser. Text that opens like
// JSON and is not may still be YAML (a flow mapping); when it is neither,
// JSON's complaint is the one that says what is wrong with it.
func loadSpec(doc []byte) (*yaml.Node, string) {
	var jsonErr error
	if looksLikeJSON(doc) {
		top, err := jsonNode(doc)
		if err == nil {
			return top, ""
		}
		jsonErr = err
	}
	var root yaml.Node
	if err := yaml.Load(doc, &root); err != nil {
		if jsonErr != nil {
			err = jsonErr
		}
		return nil, "The specification is neither JSON nor YAML: " + oneLine(err.Error())
	}
	top := &root
	if top.Kind == yaml.DocumentNode && len(top.Content) == 1 {
		top = resolve(top.Content[0])
	}
	return top, ""
}

// specVersion is "2.0", "3.0" or "3.1", or the message saying why the
// document has none the platform takes. A YAML `swagger: 2.0` is a number,
// and is taken as the string it is meant to be.
func specVersion(top *yaml.Node) (string, string) {
	oas, swagger := field(top, "openapi"), field(top, "swagger")
	switch {
	case oas != nil && swagger != nil:
		return "", "The specification says both openapi and swagger"
	case oas != nil:
		if oas.Kind == yaml.ScalarNode && oas.Tag == "!!str" && openAPIVersion.MatchString(oas.Value) {
			return oas.Value[:3], ""
		}
		return "", fmt.Sprintf("The specification's openapi %q is not 3.0.x or 3.1.x", scalarText(oas))
	case swagger != nil:
		if swagger.Kind == yaml.ScalarNode && (swagger.Tag == "!!str" || swagger.Tag == "!!float") && swagger.Value == "2.0" {
			return "2.0", ""
		}
		return "", fmt.Sprintf("The specification's swagger %q is not \"2.0\"", scalarText(swagger))
	}
	return "", "The specification has no openapi or swagger version: only OpenAPI 3.0, 3.1 and Swagger 2.0 are taken"
}

// operations lists the operations under each path, in the document's
// order. A path item that is a $ref within the document is the item it
// points at, as the vendor's importer reads it. A path item or an
// operation that is not an object makes none, and so does an extension
// ("x-..."); an operation met twice (JSON with a repeated key) counts once.
func operations(top, paths *yaml.Node) []specOperation {
	out := []specOperation{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, pathItem(top, resolve(paths.Content[i+1]))
		if strings.HasPrefix(path, "x-") || !isMapping(item) {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			method, op := item.Content[j].Value, resolve(item.Content[j+1])
			if !slices.Contains(specMethods, method) || !isMapping(op) {
				continue
			}
			key := method + " " + path
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, specOperation{method: strings.ToUpper(method), path: path, summary: summary(op)})
		}
	}
	return out
}

// pathItem is item, or the node its local $ref ("#/components/pathItems/x")
// points at, following a few $refs in a row; nil where a $ref leads
// nowhere or out of the document.
func pathItem(top, item *yaml.Node) *yaml.Node {
	for range 8 {
		ref := field(item, "$ref")
		if ref == nil {
			return item
		}
		pointer, ok := strings.CutPrefix(ref.Value, "#/")
		if ref.Kind != yaml.ScalarNode || !ok {
			return nil
		}
		item = top
		for _, token := range strings.Split(pointer, "/") {
			item = field(item, strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~"))
		}
	}
	return nil
}

func summary(op *yaml.Node) string {
	if s := field(op, "summary"); s != nil && s.Kind == yaml.ScalarNode && s.Tag != "!!null" {
		return s.Value
	}
	return ""
}

// field is the value of key in a mapping, its alias resolved; nil when
// there is none.
func field(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return resolve(m.Content[i+1])
		}
	}
	return nil
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for range 8 {
		if n == nil || n.Kind != yaml.AliasNode {
			return n
		}
		n = n.Alias
	}
	return nil
}

func isMapping(n *yaml.Node) bool { return n != nil && n.Kind == yaml.MappingNode }

func scalarText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return "(not a string)"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

const defaultSpecFetchTimeout = 5 * time.Second

// newSpecClient is how the platform reads a specUrl: straight to the URL's
// host (no proxy from the environment), no redirect followed, within the
// timeout, nothing kept open.
func newSpecClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = defaultSpecFetchTimeout
	}
	return &http.Client{
		Timeout:   timeout,
		Transport: &http.Transport{DisableKeepAlives: true, ResponseHeaderTimeout: timeout},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// fetchSpec reads a document from its URL during the request, as the
// platform does; it returns the message of the 400 answer when it cannot.
func (s *Server) fetchSpec(url string) ([]byte, string) {
	resp, err := s.specClient.Get(url) //nolint:noctx // bounded by the client's timeout
	if err != nil {
		return nil, fmt.Sprintf("Specification could not be read from %s: %s", url, oneLine(err.Error()))
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Sprintf("Specification could not be read from %s: HTTP %d", url, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxSpecBody+1))
	switch {
	case err != nil:
		return nil, fmt.Sprintf("Specification could not be read from %s: %s", url, oneLine(err.Error()))
	case len(b) > maxSpecBody:
		return nil, fmt.Sprintf("Specification at %s is larger than %d bytes", url, maxSpecBody)
	}
	return b, ""
}
