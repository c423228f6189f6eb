// Package openapi turns an OpenAPI 3.0 / 3.1 or Swagger 2.0 document, JSON
// or YAML, into the operations an API version on the platform lists. It has
// no Terraform types: the provider's function maps its result.
//
// The document is decoded into kin-openapi's types and its model is walked;
// nothing outside the document is ever read (see newLoader).
package openapi

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Operation is one operation of the document. An empty content type means
// there is none (the provider maps it to null).
type Operation struct {
	Name              string
	Method            string
	Path              string
	Inputs            []Input
	InputContentType  string
	OutputContentType string
	FaultContentType  string
}

// Input is a parameter or request body of an operation: Type is where it
// comes from (path, query, header, cookie or body).
type Input struct {
	Name string
	Type string
}

// Methods are the methods the platform has a value for, in the order the
// operations of one path are listed. TRACE and any other method are left out.
var Methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// Operations returns the operations of doc: paths in byte order, then the
// methods in the order of Methods. It reads nothing but doc.
func Operations(doc []byte) ([]Operation, error) {
	ops, err := decode(doc)
	if err != nil {
		return nil, err
	}
	if err := checkUniqueIDs(ops); err != nil {
		return nil, err
	}
	nameUnnamed(ops)
	return ops, nil
}

// checkUniqueIDs refuses two operations with one operationId: the platform
// knows operations by name, so one of them would be lost.
func checkUniqueIDs(ops []Operation) error {
	first := make(map[string]int, len(ops))
	var dups []int
	for i, op := range ops {
		if op.Name == "" {
			continue
		}
		if _, seen := first[op.Name]; seen {
			dups = append(dups, i)
			continue
		}
		first[op.Name] = i
	}
	if len(dups) == 0 {
		return nil
	}
	op := ops[dups[0]]
	prev := ops[first[op.Name]]
	msg := fmt.Sprintf("operationId %q is used by both %s %s and %s %s: operationIds must be unique",
		op.Name, prev.Method, prev.Path, op.Method, op.Path)
	if len(dups) > 1 {
		var more []string
		for _, i := range dups[1:] {
			more = append(more, fmt.Sprintf("%q (%s %s)", ops[i].Name, ops[i].Method, ops[i].Path))
		}
		msg += fmt.Sprintf("; %d more operations reuse an operationId: %s", len(more), strings.Join(more, ", "))
	}
	return errors.New(msg)
}

// nameUnnamed gives each operation without an operationId a name derived
// from its method and path (GET /pets/{id} is get_pets_id). A name already
// taken, by an operationId or an earlier derived name, gets _2, _3, ...
func nameUnnamed(ops []Operation) {
	taken := make(map[string]bool, len(ops))
	for _, op := range ops {
		if op.Name != "" {
			taken[op.Name] = true
		}
	}
	for i := range ops {
		if ops[i].Name != "" {
			continue
		}
		base := derivedName(ops[i].Method, ops[i].Path)
		name := base
		for n := 2; taken[name]; n++ {
			name = fmt.Sprintf("%s_%d", base, n)
		}
		taken[name] = true
		ops[i].Name = name
	}
}

// derivedName is the method in lower case and the path's words (letters and
// digits), joined by underscores.
func derivedName(method, path string) string {
	words := strings.FieldsFunc(path, func(r rune) bool { return !isWordRune(r) })
	return strings.Join(append([]string{strings.ToLower(method)}, words...), "_")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mediaTypes joins a set of media types sorted and without repeats: the
// library keeps a request body's or response's media types in a map, so the
// document's order is not known, and sorting makes reordering them in the
// document no change.
func mediaTypes(set map[string]bool) string {
	if len(set) == 0 {
		return ""
	}
	list := make([]string, 0, len(set))
	for mt := range set {
		list = append(list, mt)
	}
	slices.Sort(list)
	return strings.Join(list, ",")
}

// responseClass says whether a response code's media types are output
// (2xx and default) or fault (4xx, 5xx); other codes count as neither.
// OpenAPI 3 also allows the ranges 2XX, 4XX and 5XX.
func responseClass(code string) (output, fault bool) {
	if code == "default" {
		return true, false
	}
	if len(code) != 3 {
		return false, false
	}
	switch code[0] {
	case '2':
		return true, false
	case '4', '5':
		return false, true
	}
	return false, false
}

// operationID is the operationId as written; one of only white space is
// none, since an operation's name on the platform cannot be blank.
func operationID(id string) string {
	if strings.TrimSpace(id) == "" {
		return ""
	}
	return id
}

// mergeParam adds p to params unless it is there already. An operation's
// parameter overrides the path item's of the same name and location, and
// since only those two are kept, the override takes the overridden one's
// place. A parameter without a name or a location is nothing a client
// could send, and is no input.
func mergeParam(params []Input, p Input) []Input {
	if p.Name == "" || p.Type == "" || slices.Contains(params, p) {
		return params
	}
	return append(params, p)
}
