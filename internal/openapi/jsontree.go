package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"go.yaml.in/yaml/v4"
)

// jsonTree reads a JSON document into the node tree YAML documents are read
// into, with the line of every node, so that one walk serves both.
func jsonTree(doc []byte) (*yaml.Node, error) {
	lines := newLineIndex(doc)
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var root *yaml.Node
	var stack []*yaml.Node
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, jsonError(err, lines, dec.InputOffset())
		}
		if root != nil && len(stack) == 0 {
			line, _ := lines.at(dec.InputOffset())
			return nil, fmt.Errorf("the document is not valid JSON: line %d: more text after the end of the document", line)
		}
		// The offset is just past the token, which is on one line.
		line, col := lines.at(dec.InputOffset() - 1)
		n := jsonNode(tok, line, col)
		if n == nil { // the end of an object or a list
			stack = stack[:len(stack)-1]
			continue
		}
		if len(stack) == 0 {
			root = n
		} else {
			parent := stack[len(stack)-1]
			parent.Content = append(parent.Content, n)
		}
		if n.Kind != yaml.ScalarNode {
			stack = append(stack, n)
		}
	}
	if len(stack) > 0 {
		line, _ := lines.at(int64(len(doc)))
		return nil, fmt.Errorf("the document is not valid JSON: line %d: it ends before its last object or list is closed", line)
	}
	return root, nil
}

// jsonNode is the node for a token, nil for a closing delimiter.
func jsonNode(tok json.Token, line, col int) *yaml.Node {
	n := &yaml.Node{Line: line, Column: col}
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
		case '[':
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		default:
			return nil
		}
	case string:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", v
	case json.Number:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!float", v.String()
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", fmt.Sprint(v)
	default:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n
}

// jsonError names where the JSON is broken.
func jsonError(err error, lines lineIndex, offset int64) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		// The offset of the byte that broke the syntax.
		offset = syntax.Offset
	}
	line, col := lines.at(offset)
	return fmt.Errorf("the document is not valid JSON: line %d, column %d: %w", line, col, err)
}

// lineIndex finds the line and column of a byte offset.
type lineIndex []int // offsets at which lines start

func newLineIndex(doc []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range doc {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (idx lineIndex) at(offset int64) (line, col int) {
	i := sort.Search(len(idx), func(i int) bool { return int64(idx[i]) > offset }) - 1
	return i + 1, int(offset) - idx[i] + 1
}
