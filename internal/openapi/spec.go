package openapi

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"

	"go.yaml.in/yaml/v4"
)

// Spec is what an API proxy made from a document takes of it
// (wire/PROTOCOL.md §2.9): whether it is Swagger 2.0, and the method and
// path of each operation.
type Spec struct {
	// Swagger is true for a Swagger 2.0 document, false for OpenAPI 3.x.
	Swagger bool
	// Operations are the document's operations, in the order of
	// Operations. Only Method and Path matter to a proxy: Name is the
	// operationId, "" where there is none, and operationIds need not be
	// unique (the platform knows a proxy's operations by method and path).
	Operations []Operation
}

// fullVersion3 is an openapi version as the platform takes it for a proxy:
// with its patch number.
var fullVersion3 = regexp.MustCompile(`^3\.[01]\.\d+$`)

// ReadSpec reads doc with the parser of Operations, and checks what the
// platform further asks of a proxy's document: the openapi version written
// in full (3.0.n or 3.1.n), an info object, and a paths object (OpenAPI 3.1:
// or else webhooks or components). Each error names the problem and where.
func ReadSpec(doc []byte) (Spec, error) {
	doc = bytes.TrimPrefix(doc, []byte("\ufeff"))
	ops, err := decode(doc)
	if err != nil {
		return Spec{}, err
	}
	root, err := parseTree(doc)
	if err != nil {
		return Spec{}, err
	}
	if root == nil {
		return Spec{}, errors.New("the document is empty")
	}
	swagger := mapValue(root, "openapi") == nil
	if err := checkProxyParts(root, swagger); err != nil {
		return Spec{}, err
	}
	return Spec{Swagger: swagger, Operations: ops}, nil
}

// checkProxyParts checks the version's form and the top-level objects a
// proxy's document needs.
func checkProxyParts(root *yaml.Node, swagger bool) error {
	if v := mapValue(root, "openapi"); v != nil && !fullVersion3.MatchString(v.Value) {
		return fmt.Errorf("openapi %q (line %d) lacks its patch number: the platform takes 3.0.n or 3.1.n, e.g. \"%s.0\"",
			v.Value, v.Line, v.Value)
	}
	if info := mapValue(root, "info"); info == nil || info.Kind != yaml.MappingNode {
		return errors.New("the document has no info object at the top level, which the platform requires")
	}
	paths := mapValue(root, "paths")
	switch {
	case paths != nil && paths.Kind != yaml.MappingNode:
		return fmt.Errorf("paths (line %d) is not an object", paths.Line)
	case paths != nil:
		return nil
	case !swagger && mapValue(root, "openapi").Value[:3] == "3.1" &&
		(isMapping(mapValue(root, "webhooks")) || isMapping(mapValue(root, "components"))):
		return nil
	}
	return errors.New("the document has no paths object at the top level, which the platform requires " +
		"(an OpenAPI 3.1 document may instead have only webhooks or components)")
}

func isMapping(n *yaml.Node) bool { return n != nil && n.Kind == yaml.MappingNode }
