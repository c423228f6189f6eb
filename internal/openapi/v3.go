package openapi

import (
	"fmt"
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// walkV3 lists the operations of an OpenAPI 3 document whose $refs the
// loader resolved. Webhooks and callbacks hold path items too, but they are
// requests the API sends, not operations it serves: they are left out.
func walkV3(t *openapi3.T) ([]Operation, error) {
	if t.Paths == nil {
		return []Operation{}, nil
	}
	items := t.Paths.Map()
	ops := []Operation{}
	for _, path := range slices.Sorted(maps.Keys(items)) {
		item := items[path]
		if item == nil {
			continue
		}
		for _, method := range Methods {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			o, err := operationV3(path, method, item.Parameters, op)
			if err != nil {
				return nil, err
			}
			ops = append(ops, o)
		}
	}
	return ops, nil
}

func operationV3(path, method string, shared openapi3.Parameters, op *openapi3.Operation) (Operation, error) {
	o := Operation{Name: operationID(op.OperationID), Method: method, Path: path}
	params := []Input{}
	for _, list := range []openapi3.Parameters{shared, op.Parameters} {
		for i, p := range list {
			if p == nil || p.Value == nil {
				ref := ""
				if p != nil {
					ref = p.Ref
				}
				return o, fmt.Errorf("%s %s: parameter %d (%q) could not be resolved", method, path, i, ref)
			}
			params = mergeParam(params, Input{Name: p.Value.Name, Type: p.Value.In})
		}
	}
	o.Inputs = params
	if body := op.RequestBody; body != nil {
		if body.Value == nil {
			return o, fmt.Errorf("%s %s: the request body %q could not be resolved", method, path, body.Ref)
		}
		o.Inputs = append(o.Inputs, Input{Name: "body", Type: "body"})
		o.InputContentType = mediaTypes(contentTypes(body.Value.Content))
	}
	output, fault := map[string]bool{}, map[string]bool{}
	if op.Responses != nil {
		for code, r := range op.Responses.Map() {
			if r == nil || r.Value == nil {
				return o, fmt.Errorf("%s %s: response %s could not be resolved", method, path, code)
			}
			isOutput, isFault := responseClass(code)
			switch {
			case isOutput:
				maps.Copy(output, contentTypes(r.Value.Content))
			case isFault:
				maps.Copy(fault, contentTypes(r.Value.Content))
			}
		}
	}
	o.OutputContentType, o.FaultContentType = mediaTypes(output), mediaTypes(fault)
	return o, nil
}

func contentTypes(c openapi3.Content) map[string]bool {
	set := make(map[string]bool, len(c))
	for mt := range c {
		set[mt] = true
	}
	return set
}
