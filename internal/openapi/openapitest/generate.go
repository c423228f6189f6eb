// Package openapitest generates OpenAPI documents of a chosen size for
// benchmarks: the function runs on every validate and plan, so its time on
// a large document matters, and the documents measured are made here rather
// than taken from elsewhere.
package openapitest

import (
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v4"
)

// Document is an OpenAPI 3.0 document with ops operations, spread over
// paths of four operations each (GET, PUT and DELETE on an item, POST on its
// collection), with path-level parameters, parameters, request bodies and
// responses by $ref, several media types, and one schema per path of
// props properties: props sets the size per operation.
func Document(ops, props int) map[string]any {
	paths := map[string]any{}
	schemas := map[string]any{"Problem": object(2, "Problem")}
	for i := 0; i < ops; i++ {
		r := i / 4
		schema := fmt.Sprintf("#/components/schemas/Thing%d", r)
		if _, ok := schemas[fmt.Sprintf("Thing%d", r)]; !ok {
			schemas[fmt.Sprintf("Thing%d", r)] = object(props, fmt.Sprintf("Thing%d", r))
		}
		item := fmt.Sprintf("/things%d/{id}", r)
		if i%4 == 3 {
			item = fmt.Sprintf("/things%d", r)
		}
		pathItem, _ := paths[item].(map[string]any)
		if pathItem == nil {
			pathItem = map[string]any{"parameters": []any{ref("#/components/parameters/id")}}
			if i%4 == 3 {
				pathItem = map[string]any{}
			}
			paths[item] = pathItem
		}
		method := []string{"get", "put", "delete", "post"}[i%4]
		pathItem[method] = operation(i, method, schema)
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "Generated", "version": "1.0"},
		"paths":   paths,
		"components": map[string]any{
			"parameters": map[string]any{
				"id":    map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string"}},
				"trace": map[string]any{"name": "X-Trace-ID", "in": "header", "schema": map[string]any{"type": "string"}},
			},
			"responses": map[string]any{
				"Problem": map[string]any{"description": "A problem.", "content": map[string]any{
					"application/problem+json": map[string]any{"schema": ref("#/components/schemas/Problem")},
				}},
			},
			"schemas": schemas,
		},
	}
}

func operation(i int, method, schema string) map[string]any {
	content := map[string]any{
		"application/json": map[string]any{"schema": ref(schema)},
		"application/xml":  map[string]any{"schema": ref(schema)},
	}
	op := map[string]any{
		"operationId": fmt.Sprintf("%sThing%d", method, i),
		"summary":     fmt.Sprintf("Operation %d of the generated document.", i),
		"parameters": []any{
			ref("#/components/parameters/trace"),
			map[string]any{"name": "fields", "in": "query", "schema": map[string]any{"type": "string"}},
		},
		"responses": map[string]any{
			"200":     map[string]any{"description": "The thing.", "content": content},
			"404":     ref("#/components/responses/Problem"),
			"default": ref("#/components/responses/Problem"),
		},
	}
	if method == "put" || method == "post" {
		op["requestBody"] = map[string]any{"required": true, "content": content}
	}
	return op
}

func object(props int, name string) map[string]any {
	properties := map[string]any{}
	for j := 0; j < props; j++ {
		properties[fmt.Sprintf("field%d", j)] = map[string]any{
			"type":        "string",
			"description": fmt.Sprintf("Field %d of %s, described at the length real documents describe theirs.", j, name),
			"example":     fmt.Sprintf("value-%d", j),
		}
	}
	return map[string]any{"type": "object", "description": "A " + name + ".", "properties": properties}
}

func ref(to string) map[string]any { return map[string]any{"$ref": to} }

// YAML is doc as YAML.
func YAML(doc map[string]any) []byte {
	b, err := yaml.Marshal(doc)
	if err != nil {
		panic(err) // maps of strings, lists and booleans always marshal
	}
	return b
}

// JSON is doc as indented JSON.
func JSON(doc map[string]any) []byte {
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// OfSize is a document of ops operations, encoded by encode (YAML or
// JSON), whose schemas are grown until it holds at least size bytes.
func OfSize(ops, size int, encode func(map[string]any) []byte) []byte {
	props := 1
	for {
		b := encode(Document(ops, props))
		if len(b) >= size {
			return b
		}
		// The size grows about linearly with props: aim just past size.
		props = max(props+1, props*size/len(b)+1)
	}
}
