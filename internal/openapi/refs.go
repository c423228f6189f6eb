package openapi

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// checkRefs checks every $ref of the document, in document order: it must
// start with # (the function reads nothing else) and its JSON pointer must
// lead to something, without coming back to where it started.
func checkRefs(root *yaml.Node) error {
	return walkRefs(root, root, nil)
}

// nameMaps are the keys whose values map names (of properties, responses,
// components...) to objects: under them, a key such as default or example
// is a name, not a keyword.
var nameMaps = map[string]bool{
	"properties": true, "patternProperties": true, "definitions": true, "$defs": true,
	"responses": true, "parameters": true, "schemas": true, "paths": true, "headers": true,
	"securitySchemes": true, "securityDefinitions": true, "requestBodies": true, "links": true,
	"callbacks": true, "pathItems": true, "webhooks": true, "content": true, "encoding": true,
}

// literal says whether the value of key is plain data, where an object
// with a $ref field is no reference: examples, defaults, enums, extensions.
func literal(parent, key string) bool {
	if strings.HasPrefix(key, "x-") {
		return true
	}
	switch key {
	case "example", "default", "enum", "const":
		return !nameMaps[parent]
	}
	return false
}

func walkRefs(root, n *yaml.Node, at []string) error {
	switch n.Kind {
	case yaml.MappingNode:
		if ref := mapValue(n, "$ref"); ref != nil && ref.Kind == yaml.ScalarNode {
			if err := checkRef(root, ref.Value, at, ref.Line); err != nil {
				return err
			}
		}
		parent := ""
		if len(at) > 0 {
			parent = at[len(at)-1]
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, value := n.Content[i].Value, n.Content[i+1]
			if key == "$ref" || literal(parent, key) {
				continue
			}
			if err := walkChild(root, value, at, key); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := walkRefs(root, c, appendPath(at, strconv.Itoa(i))); err != nil {
				return err
			}
		}
	}
	// An alias is not followed: its anchored node is walked where it is.
	return nil
}

// walkChild walks the value of key. Under examples, an entry may be a
// reference to an Example object, but what it holds is data (Swagger 2.0's
// examples and OpenAPI 3.1 schema examples are data through and through).
func walkChild(root, value *yaml.Node, at []string, key string) error {
	at = appendPath(at, key)
	if key != "examples" || value.Kind != yaml.MappingNode {
		if key == "examples" {
			return nil
		}
		return walkRefs(root, value, at)
	}
	for i := 0; i+1 < len(value.Content); i += 2 {
		entry := value.Content[i+1]
		if ref := mapValue(entry, "$ref"); ref != nil && ref.Kind == yaml.ScalarNode {
			if err := checkRef(root, ref.Value, appendPath(at, value.Content[i].Value), ref.Line); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendPath returns at with token added, never sharing at's array.
func appendPath(at []string, token string) []string {
	return append(at[:len(at):len(at)], token)
}

func checkRef(root *yaml.Node, ref string, at []string, line int) error {
	if !strings.HasPrefix(ref, "#") {
		return fmt.Errorf("$ref %q %s leaves the document: the function reads nothing but the document, so a $ref must start with #",
			ref, where(at, line))
	}
	chain := []string{ref}
	for next := ref; ; {
		target, err := resolvePointer(root, next)
		if err != nil {
			return fmt.Errorf("$ref %q %s points nowhere: %w", ref, where(at, line), err)
		}
		further := mapValue(target, "$ref")
		if further == nil || further.Kind != yaml.ScalarNode || !strings.HasPrefix(further.Value, "#") {
			// Not a reference again, or one that is checked where it is.
			return nil
		}
		next = further.Value
		if slices.Contains(chain, next) {
			return fmt.Errorf("$ref %q %s leads back to itself: %s", ref, where(at, line), strings.Join(append(chain, next), " -> "))
		}
		chain = append(chain, next)
	}
}

// resolvePointer follows ref's fragment, a JSON pointer, from root.
func resolvePointer(root *yaml.Node, ref string) (*yaml.Node, error) {
	frag := ref[1:]
	if u, err := url.PathUnescape(frag); err == nil {
		frag = u
	}
	if frag == "" {
		return root, nil
	}
	if frag[0] != '/' {
		return nil, fmt.Errorf("%q is not a JSON pointer, which starts with #/", ref)
	}
	n := root
	for i, token := range strings.Split(frag[1:], "/") {
		n = followAlias(n)
		token = unescapePointer(token)
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			next = mapValue(n, token)
		case yaml.SequenceNode:
			if k, err := strconv.Atoi(token); err == nil && k >= 0 && k < len(n.Content) {
				next = n.Content[k]
			}
		}
		if next == nil {
			return nil, fmt.Errorf("the document has no %s", pointerPrefix(frag, i+1))
		}
		n = next
	}
	return followAlias(n), nil
}

// followAlias is the node an alias stands for; aliases of aliases are
// followed a bounded number of times.
func followAlias(n *yaml.Node) *yaml.Node {
	for i := 0; i < 100 && n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		n = n.Alias
	}
	return n
}

// pointerPrefix is the first k tokens of the pointer frag.
func pointerPrefix(frag string, k int) string {
	tokens := strings.SplitN(frag[1:], "/", k+1)
	if len(tokens) > k {
		tokens = tokens[:k]
	}
	return "/" + strings.Join(tokens, "/")
}

// where names a place of the document: its JSON pointer, the operation it
// belongs to (method and path) and its line.
func where(at []string, line int) string {
	escaped := make([]string, len(at))
	for i, t := range at {
		escaped[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
	}
	s := "at /" + strings.Join(escaped, "/")
	var notes []string
	if len(at) >= 3 && at[0] == "paths" && slices.Contains(Methods, strings.ToUpper(at[2])) {
		notes = append(notes, strings.ToUpper(at[2])+" "+at[1])
	} else if len(at) >= 2 && at[0] == "paths" {
		notes = append(notes, "path "+at[1])
	}
	if line > 0 {
		notes = append(notes, fmt.Sprintf("line %d", line))
	}
	if len(notes) > 0 {
		s += " (" + strings.Join(notes, ", ") + ")"
	}
	return s
}
