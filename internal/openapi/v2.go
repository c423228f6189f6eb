package openapi

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
)

// walkV2 lists the operations of a Swagger 2.0 document whose $refs
// diagnose found inside the document and leading somewhere.
func walkV2(t *openapi2.T) ([]Operation, error) {
	ops := []Operation{}
	for _, path := range slices.Sorted(maps.Keys(t.Paths)) {
		item, err := pathItemV2(t, path)
		if err != nil {
			return nil, err
		}
		if item == nil {
			continue
		}
		for _, method := range Methods {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			o, err := operationV2(t, path, method, item.Parameters, op)
			if err != nil {
				return nil, err
			}
			ops = append(ops, o)
		}
	}
	return ops, nil
}

// pathItemV2 follows a path item's $ref to another path of the document.
func pathItemV2(t *openapi2.T, path string) (*openapi2.PathItem, error) {
	item := t.Paths[path]
	for hops := 0; item != nil && item.Ref != ""; hops++ {
		target, ok := strings.CutPrefix(item.Ref, "#/paths/")
		if !ok || hops > len(t.Paths) {
			return nil, fmt.Errorf("path %s: $ref %q: a Swagger 2.0 path item can only refer to another path of the document", path, item.Ref)
		}
		item = t.Paths[unescapePointer(target)]
	}
	return item, nil
}

func operationV2(t *openapi2.T, path, method string, shared openapi2.Parameters, op *openapi2.Operation) (Operation, error) {
	o := Operation{Name: operationID(op.OperationID), Method: method, Path: path}
	params, bodies := []Input{}, []Input{}
	form := formBody{}
	for _, list := range []openapi2.Parameters{shared, op.Parameters} {
		for _, p := range list {
			p, err := parameterV2(t, p)
			if err != nil {
				return o, fmt.Errorf("%s %s: %w", method, path, err)
			}
			switch {
			case p == nil:
			case p.In == "body":
				bodies = mergeParam(bodies, Input{Name: bodyName(p.Name), Type: "body"})
			case p.In == "formData":
				form.add(p)
			default:
				params = mergeParam(params, Input{Name: p.Name, Type: p.In})
			}
		}
	}
	consumes := t.Consumes
	if op.Consumes != nil {
		consumes = op.Consumes
	}
	if form.used {
		bodies = mergeParam(bodies, Input{Name: "body", Type: "body"})
		consumes = form.contentTypes(consumes)
	}
	o.Inputs = append(slices.Clip(params), bodies...)
	if len(bodies) > 0 {
		o.InputContentType = mediaTypes(setOf(consumes))
	}
	o.OutputContentType, o.FaultContentType = responsesV2(t, op)
	return o, nil
}

// responsesV2 gives produces (the operation's, else the document's) to the
// output when the operation has a 2xx or default response, and to the fault
// when it has a 4xx or 5xx one: Swagger 2.0 names the media types once for
// all responses.
func responsesV2(t *openapi2.T, op *openapi2.Operation) (output, fault string) {
	produces := t.Produces
	if op.Produces != nil {
		produces = op.Produces
	}
	var hasOutput, hasFault bool
	if op.Responses != nil {
		for code := range op.Responses.Map() {
			o, f := responseClass(code)
			hasOutput, hasFault = hasOutput || o, hasFault || f
		}
	}
	if hasOutput {
		output = mediaTypes(setOf(produces))
	}
	if hasFault {
		fault = mediaTypes(setOf(produces))
	}
	return output, fault
}

// parameterV2 follows a parameter's $ref into the document's parameters.
func parameterV2(t *openapi2.T, p *openapi2.Parameter) (*openapi2.Parameter, error) {
	for hops := 0; p != nil && p.Ref != ""; hops++ {
		name, ok := strings.CutPrefix(p.Ref, "#/parameters/")
		if !ok || hops > len(t.Parameters) {
			return nil, fmt.Errorf("$ref %q: a Swagger 2.0 parameter can only refer to #/parameters of the document", p.Ref)
		}
		p = t.Parameters[unescapePointer(name)]
	}
	return p, nil
}

// bodyName is a body parameter's name; Swagger 2.0 requires one, and one
// left out is called body, as an OpenAPI 3 request body is.
func bodyName(name string) string {
	if name == "" {
		return "body"
	}
	return name
}

// formBody collects formData parameters: together they are the request
// body, a form, as OpenAPI 3 describes one, so they make one body input.
type formBody struct {
	used, file bool
}

func (f *formBody) add(p *openapi2.Parameter) {
	f.used = true
	f.file = f.file || p.Type.Is("file")
}

// contentTypes are consumes, or when the document names none, the form's
// own media type: multipart/form-data when a parameter is a file,
// application/x-www-form-urlencoded otherwise.
func (f *formBody) contentTypes(consumes []string) []string {
	switch {
	case len(consumes) > 0:
		return consumes
	case f.file:
		return []string{"multipart/form-data"}
	}
	return []string{"application/x-www-form-urlencoded"}
}

func setOf(list []string) map[string]bool {
	set := make(map[string]bool, len(list))
	for _, s := range list {
		if s != "" {
			set[s] = true
		}
	}
	return set
}

// unescapePointer undoes a JSON pointer token's escapes (~1 is /, ~0 is ~).
func unescapePointer(token string) string {
	return strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
}
