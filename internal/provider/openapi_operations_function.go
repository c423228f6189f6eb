package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/apiplatform/terraform-provider-platform/internal/openapi"
)

var (
	_ provider.ProviderWithFunctions = (*platformProvider)(nil)
	_ function.Function              = openAPIOperationsFunction{}
)

// NewOpenAPIOperationsFunction is provider::platform::openapi_operations.
func NewOpenAPIOperationsFunction() function.Function { return openAPIOperationsFunction{} }

type openAPIOperationsFunction struct{}

func (openAPIOperationsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "openapi_operations"
}

func (openAPIOperationsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary:             "The operations of an OpenAPI document, by name, as version.operations takes them",
		MarkdownDescription: openAPIOperationsDescription,
		Parameters: []function.Parameter{
			function.StringParameter{
				Name: "document",
				MarkdownDescription: "The text of an OpenAPI 3.0 or 3.1 or a Swagger 2.0 document, JSON or YAML, " +
					"e.g. `file(\"${path.module}/openapi.yaml\")`.",
			},
		},
		Return: function.MapReturn{ElementType: operationType},
	}
}

func (openAPIOperationsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var doc string
	if resp.Error = req.Arguments.Get(ctx, &doc); resp.Error != nil {
		return
	}
	ops, err := operationsOf(doc)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, "Invalid OpenAPI document: "+err.Error())
		return
	}
	// The map is built with the result's own type, so it is the result as
	// it is: Set would only walk it again to convert it to itself.
	resp.Result = function.NewResultData(operationsMap(ops))
}

// operationsOf is openapi.Operations, with a last resort: should the library
// panic on some document, the call fails with an error instead of taking the
// provider process, and with it the whole plan, down.
func operationsOf(doc string) (ops []openapi.Operation, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading it failed unexpectedly (%v); please report this with the document", r)
		}
	}()
	return openapi.Operations([]byte(doc))
}

// operationType is the type of an element of version.operations, taken
// from its schema as the framework's plain types: Terraform assigns the
// result to the attribute by its type alone.
var operationType = plainType(operationObject.CustomType).(basetypes.ObjectType)

var inputType = operationType.AttrTypes["inputs"].(basetypes.ListType).ElemType.(basetypes.ObjectType)

// plainType replaces the schema's cached types with the framework's own.
func plainType(t attr.Type) attr.Type {
	switch t := t.(type) {
	case cachedObjectType:
		return plainType(t.ObjectType)
	case cachedListType:
		return plainType(t.ListType)
	case cachedMapType:
		return plainType(t.MapType)
	case basetypes.ObjectType:
		attrs := make(map[string]attr.Type, len(t.AttrTypes))
		for name, at := range t.AttrTypes {
			attrs[name] = plainType(at)
		}
		return basetypes.ObjectType{AttrTypes: attrs}
	case basetypes.ListType:
		return basetypes.ListType{ElemType: plainType(t.ElemType)}
	case basetypes.MapType:
		return basetypes.MapType{ElemType: plainType(t.ElemType)}
	}
	return t
}

// operationsMap keys the operations by name: openapi.Operations gives each
// its own (a document that uses one operationId twice is an error).
func operationsMap(ops []openapi.Operation) types.Map {
	elems := make(map[string]attr.Value, len(ops))
	for _, op := range ops {
		inputs := make([]attr.Value, 0, len(op.Inputs))
		for _, in := range op.Inputs {
			inputs = append(inputs, types.ObjectValueMust(inputType.AttrTypes, map[string]attr.Value{
				"name": types.StringValue(in.Name),
				"type": types.StringValue(in.Type),
			}))
		}
		elems[op.Name] = types.ObjectValueMust(operationType.AttrTypes, map[string]attr.Value{
			"method":              types.StringValue(op.Method),
			"path":                types.StringValue(op.Path),
			"input_content_type":  stringOrNull(op.InputContentType),
			"output_content_type": stringOrNull(op.OutputContentType),
			"fault_content_type":  stringOrNull(op.FaultContentType),
			"inputs":              types.ListValueMust(inputType, inputs),
		})
	}
	return types.MapValueMust(operationType, elems)
}

// stringOrNull maps the package's "none" (an empty string) to null, as an
// attribute left out of an operation is.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

const openAPIOperationsDescription = `Returns the operations of an OpenAPI document as a map keyed by
the operation's name, of exactly the shape of ` + "`version.operations`" + ` of ` + "`platform_api`" + `, so that

<!-- docs-test: partial with=readme-openapi inside="version = {" -->
` + "```hcl" + `
operations = provider::platform::openapi_operations(file("${path.module}/openapi.yaml"))
` + "```" + `

plans an added endpoint as one added operation, by its name, wherever its path sorts; a new
parameter as a changed ` + "`inputs`" + ` of that operation; and an unchanged document as no change at
all. It needs Terraform 1.8 or later, or OpenTofu 1.7 or later.

**Documents.** OpenAPI 3.0 and 3.1 and Swagger 2.0, as JSON or YAML (the ` + "`openapi`" + ` field
3.0.x or 3.1.x, or ` + "`swagger: \"2.0\"`" + `). A document whose first character is ` + "`{`" + ` or ` + "`[`" + ` is
read as JSON, so JSON escapes such as ` + "`\\ud83d\\udc4d`" + ` and raw control characters that YAML
parsers refuse are fine. The function reads nothing but its argument: no file, no URL.

**One operation per method of each path.** Operations are taken by path in byte order
(` + "`/Calls`" + ` before ` + "`/calls`" + ` before ` + "`/calls.json`" + ` before ` + "`/calls/{sid}`" + `), then by method in the order
GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS; this order decides derived names. **TRACE is left
out**, since the platform has no value for it, and so is any other method. Webhooks (OpenAPI 3.1)
and callbacks describe requests the API sends, not operations it serves: they give no operations.
A document without paths gives an empty map.

**Each operation:**

- its key, the name: the ` + "`operationId`" + ` as written. Without one (or with one of only white space),
  a name made of the method in lower case and the words (letters and digits) of the path, joined
  by underscores: ` + "`GET /pets/{petId}/photos.json`" + ` is ` + "`get_pets_petId_photos_json`" + `, ` + "`GET /`" + ` is ` + "`get`" + `.
  A derived name already taken, by an ` + "`operationId`" + ` or by a name derived before it in the
  order above, gets ` + "`_2`" + `, ` + "`_3`" + `, ...: a derived name changes only when an operation
  added before it derives the same name.
- ` + "`method`" + `: upper case. ` + "`path`" + `: the path template as written in the document.
- ` + "`inputs`" + `: the parameters, ` + "`{ name, type }`" + ` with ` + "`type`" + ` the parameter's location (` + "`path`" + `,
  ` + "`query`" + `, ` + "`header`" + `, ` + "`cookie`" + `): the path item's parameters first, in document order, then the
  operation's; an operation's parameter of the same name and location overrides the path
  item's and takes its place. Parameters by ` + "`$ref`" + ` are resolved. A request body adds
  ` + "`{ name = \"body\", type = \"body\" }`" + ` after the parameters. Swagger 2.0: an ` + "`in: body`" + ` parameter keeps
  its own name (` + "`{ name = \"pet\", type = \"body\" }`" + `); ` + "`formData`" + ` parameters together are the request
  body, a form, as in OpenAPI 3, and give one ` + "`{ name = \"body\", type = \"body\" }`" + `.
- ` + "`input_content_type`" + `: the request body's media types. Swagger 2.0: ` + "`consumes`" + ` of the operation,
  else of the document, when the operation has a body or form parameters; for a form without
  ` + "`consumes`" + `, ` + "`multipart/form-data`" + ` if a parameter is a file, else
  ` + "`application/x-www-form-urlencoded`" + `.
- ` + "`output_content_type`" + `: the media types of the 2xx (and ` + "`2XX`" + `) and ` + "`default`" + ` responses;
  ` + "`fault_content_type`" + `: those of the 4xx and 5xx responses; 1xx and 3xx responses count for
  neither. Swagger 2.0: ` + "`produces`" + ` of the operation, else of the document, for each of the two
  when the operation has such a response.
- Media types are sorted and each is listed once, joined by commas without spaces
  (` + "`application/json,application/xml`" + `); reordering them in the document changes nothing. No
  media type gives ` + "`null`" + `, as an attribute left out.

Request bodies, responses and path items by ` + "`$ref`" + ` are resolved too, wherever the ` + "`$ref`" + `
points within the document.

**Errors.** The call fails, naming the problem and where it is, when the document

- does not parse: the line (and column, for JSON) where it breaks;
- is not OpenAPI 2.0 or 3.x: no ` + "`openapi`" + ` or ` + "`swagger`" + ` field, another version (the field's line),
  or a top level that is not an object;
- gives two operations one ` + "`operationId`" + `: both methods and paths (the platform knows operations
  by name, so one would be lost);
- has a ` + "`$ref`" + ` that leaves the document (anything not starting with ` + "`#`" + `, such as
  ` + "`common.yaml#/Pet`" + ` or a URL), points nowhere, or leads back to itself: the ` + "`$ref`" + `, its JSON
  pointer, line, and the method and path it belongs to.

When the document is not known yet at plan time (it comes from another resource), Terraform does not
call the function, and the operations are known after apply.`
