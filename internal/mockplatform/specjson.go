package mockplatform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v4"
)

// JSON documents are read with encoding/json, not the YAML parser: JSON is
// YAML in all but a few corners, and one of them is common. YAML's "\u"
// escapes name code points, so the YAML parser refuses the surrogate pairs
// ("\ud83d\ude00") that json.dumps writes for an emoji, which JSON allows.
// The document is read into the node tree a YAML document gives, so that
// one walk checks both.

// maxJSONDepth bounds the nesting of a JSON document, as encoding/json's
// own Decode does: the tree is built recursively, and an 8 MiB upload of
// "[" would otherwise exhaust the stack.
const maxJSONDepth = 10000

// looksLikeJSON reports whether a document is meant as JSON: its first
// non-space byte opens an object, the only JSON a specification can be.
func looksLikeJSON(doc []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(doc, " \t\r\n"), []byte("{"))
}

// jsonNode reads a JSON document, one value and nothing after it, into a
// node tree.
func jsonNode(doc []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	n, err := jsonValue(dec, 0)
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the JSON ends before its object does")
	}
	if err != nil {
		return nil, fmt.Errorf("not JSON near byte %d: %w", dec.InputOffset(), err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("more than one JSON value (the second near byte %d)", dec.InputOffset())
	}
	return n, nil
}

// jsonValue reads the next value. Object keys stay in the document's
// order, a repeated one included: the walk counts an operation once.
func jsonValue(dec *json.Decoder, depth int) (*yaml.Node, error) {
	if depth > maxJSONDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		// The decoder hands out '{' and '[' here: a closing one would be
		// a syntax error, returned as such.
		kind := yaml.SequenceNode
		if v == '{' {
			kind = yaml.MappingNode
		}
		return jsonContainer(dec, kind, depth)
	case string:
		return jsonScalar("!!str", v), nil
	case json.Number:
		return jsonScalar(numberTag(v), v.String()), nil
	case bool:
		if v {
			return jsonScalar("!!bool", "true"), nil
		}
		return jsonScalar("!!bool", "false"), nil
	}
	return jsonScalar("!!null", "null"), nil
}

// jsonContainer reads the rest of an object or array, its closing
// delimiter included.
func jsonContainer(dec *json.Decoder, kind yaml.Kind, depth int) (*yaml.Node, error) {
	n := &yaml.Node{Kind: kind}
	for dec.More() {
		if kind == yaml.MappingNode {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			name, _ := key.(string) // the decoder gives only strings as keys
			n.Content = append(n.Content, jsonScalar("!!str", name))
		}
		item, err := jsonValue(dec, depth+1)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, item)
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return n, nil
}

func jsonScalar(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}

// numberTag is the tag YAML gives the number's text: a fraction or an
// exponent makes a float, so that "swagger": 2.0 is the scalar "2.0" that
// a YAML `swagger: 2.0` is.
func numberTag(n json.Number) string {
	if strings.ContainsAny(n.String(), ".eE") {
		return "!!float"
	}
	return "!!int"
}
