package openapi

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"
)

// diagnose finds what is wrong with doc where the library's own message
// does not say where: text that does not parse (with its line), a
// top-level that is no OpenAPI document, or a $ref that leaves the document
// or leads nowhere (with its JSON pointer, line, and method and path). It
// returns nil when it finds none of these.
func diagnose(doc []byte) error {
	root, err := parseTree(doc)
	if err != nil {
		return err
	}
	if root == nil {
		return errors.New("the document is empty")
	}
	if err := checkTopLevel(root); err != nil {
		return err
	}
	return checkRefs(root)
}

// parseTree reads doc into a YAML node tree, JSON with its own decoder (see
// isJSON), so that every node knows its line.
func parseTree(doc []byte) (*yaml.Node, error) {
	if isJSON(doc) {
		return jsonTree(doc)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(doc, &n); err != nil {
		return nil, fmt.Errorf("the document is not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil, nil
		}
		return n.Content[0], nil
	}
	if n.Kind == 0 {
		return nil, nil
	}
	return &n, nil
}

func checkTopLevel(root *yaml.Node) error {
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("the document is not OpenAPI: its top level (line %d) is %s, not an object with an openapi or swagger field",
			root.Line, kindName(root))
	}
	for _, field := range []string{"openapi", "swagger"} {
		if v := mapValue(root, field); v != nil && v.Kind == yaml.ScalarNode && isNumber(v) {
			return fmt.Errorf("%s %s (line %d) is a number, and the version must be a string: write %s: \"%s\"",
				field, v.Value, v.Line, field, v.Value)
		}
	}
	if v := mapValue(root, "openapi"); v != nil {
		if v.Kind != yaml.ScalarNode || !version3.MatchString(v.Value) {
			return fmt.Errorf("openapi %q (line %d) is not a supported version: the document must be OpenAPI 3.0, 3.1 or Swagger 2.0",
				v.Value, v.Line)
		}
		return nil
	}
	if v := mapValue(root, "swagger"); v != nil {
		if v.Kind != yaml.ScalarNode || v.Value != "2.0" {
			return fmt.Errorf("swagger %q (line %d) is not a supported version: the document must be OpenAPI 3.0, 3.1 or Swagger 2.0",
				v.Value, v.Line)
		}
		return nil
	}
	return errNoVersion
}

// isNumber says whether a scalar is a number, not a string: unquoted in
// YAML (3.0), or a JSON number.
func isNumber(n *yaml.Node) bool {
	tag := n.ShortTag()
	return tag == "!!float" || tag == "!!int"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	case yaml.AliasNode:
		return "an alias"
	}
	return "not an object"
}

// mapValue is the value of key in mapping m, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
