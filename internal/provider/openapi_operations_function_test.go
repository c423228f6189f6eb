package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiplatform/terraform-provider-platform/internal/openapi/openapitest"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const ordersV1 = `openapi: 3.0.3
info: {title: Orders, version: "1.0"}
paths:
  /orders:
    get:
      operationId: listOrders
      responses:
        "200": {description: ok, content: {application/json: {}}}
    post:
      operationId: createOrder
      requestBody:
        content: {application/json: {}, application/xml: {}}
      responses:
        "201": {description: created, content: {application/json: {}}}
        "400": {description: bad, content: {application/problem+json: {}}}
`

// The function's result has exactly the type of version.operations
// values, as Terraform sees it, so that it can be assigned there.
func TestOpenAPIOperations_typeIsTheSchemas(t *testing.T) {
	ctx := context.Background()
	elem := operationsAttribute().GetType().(cachedMapType).ElemType
	if !elem.TerraformType(ctx).Equal(operationType.TerraformType(ctx)) {
		t.Fatalf("result element %s, schema element %s", operationType.TerraformType(ctx), elem.TerraformType(ctx))
	}
}

func runOpenAPIOperations(t *testing.T, doc attr.Value) *function.RunResponse {
	t.Helper()
	resp := &function.RunResponse{Result: function.NewResultData(types.MapUnknown(operationType))}
	NewOpenAPIOperationsFunction().Run(context.Background(), function.RunRequest{
		Arguments: function.NewArgumentsData([]attr.Value{doc}),
	}, resp)
	return resp
}

func TestOpenAPIOperations_run(t *testing.T) {
	resp := runOpenAPIOperations(t, types.StringValue(ordersV1))
	if resp.Error != nil {
		t.Fatal(resp.Error)
	}
	body := types.ListValueMust(inputType, []attr.Value{types.ObjectValueMust(inputType.AttrTypes, map[string]attr.Value{
		"name": types.StringValue("body"), "type": types.StringValue("body"),
	})})
	want := types.MapValueMust(operationType, map[string]attr.Value{
		"listOrders": types.ObjectValueMust(operationType.AttrTypes, map[string]attr.Value{
			"method": types.StringValue("GET"), "path": types.StringValue("/orders"),
			"input_content_type": types.StringNull(), "output_content_type": types.StringValue("application/json"),
			"fault_content_type": types.StringNull(), "inputs": types.ListValueMust(inputType, []attr.Value{}),
		}),
		"createOrder": types.ObjectValueMust(operationType.AttrTypes, map[string]attr.Value{
			"method": types.StringValue("POST"), "path": types.StringValue("/orders"),
			"input_content_type": types.StringValue("application/json,application/xml"), "output_content_type": types.StringValue("application/json"),
			"fault_content_type": types.StringValue("application/problem+json"), "inputs": body,
		}),
	})
	if got := resp.Result.Value(); !got.Equal(want) {
		t.Fatalf("got %s\nwant %s", got, want)
	}
}

func TestOpenAPIOperations_runError(t *testing.T) {
	resp := runOpenAPIOperations(t, types.StringValue("openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'other.yaml#/p'\n"))
	if resp.Error == nil || resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != 0 {
		t.Fatalf("got %v, want an error about argument 0", resp.Error)
	}
	want := `Invalid OpenAPI document: $ref "other.yaml#/p" at /paths/~1a/get/parameters/0 (GET /a, line 6) leaves the document`
	if !strings.Contains(resp.Error.Text, want) {
		t.Fatalf("got %q, want it to contain %q", resp.Error.Text, want)
	}
}

// functionsNeed skips acceptance tests on a CLI without provider functions.
var functionsNeed = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

func TestAccOpenAPIOperations_output(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		TerraformVersionChecks:   functionsNeed,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
output "operations" {
  value = provider::platform::openapi_operations(%q)
}
`, ordersV1),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("operations", knownvalue.MapExact(map[string]knownvalue.Check{
					"listOrders": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"method": knownvalue.StringExact("GET"), "path": knownvalue.StringExact("/orders"),
						"input_content_type": knownvalue.Null(), "output_content_type": knownvalue.StringExact("application/json"),
						"fault_content_type": knownvalue.Null(), "inputs": knownvalue.ListSizeExact(0),
					}),
					"createOrder": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"method": knownvalue.StringExact("POST"), "path": knownvalue.StringExact("/orders"),
						"input_content_type": knownvalue.StringExact("application/json,application/xml"), "output_content_type": knownvalue.StringExact("application/json"),
						"fault_content_type": knownvalue.StringExact("application/problem+json"),
						"inputs":             knownvalue.ListExact([]knownvalue.Check{inputIs("body", "body")}),
					}),
				})),
			},
		}},
	})
}

func TestAccOpenAPIOperations_errorNamesWhere(t *testing.T) {
	cases := map[string]struct{ doc, want string }{
		"not parsing":     {"openapi: 3.0.3\npaths: [unclosed\n", `Invalid OpenAPI document: the document is not valid YAML: line 3`},
		"not OpenAPI":     {`{"info": {"title": "t"}}`, `it has no openapi or swagger field`},
		"two operationId": {"openapi: 3.0.3\npaths:\n  /a:\n    get: {operationId: x}\n  /b:\n    put: {operationId: x}\n", `operationId "x" is used by both GET /a and PUT /b`},
		"a $ref outside":  {"swagger: '2.0'\npaths:\n  /a:\n    get:\n      parameters: [{$ref: 'common.json#/limit'}]\n", `$ref "common.json#/limit" at /paths/~1a/get/parameters/0 (GET /a, line 5) leaves the document`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				TerraformVersionChecks:   functionsNeed,
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("output \"operations\" {\n  value = provider::platform::openapi_operations(%q)\n}\n", c.doc),
					ExpectError: regexp.MustCompile(`(?s)Invalid function argument.*` + strings.ReplaceAll(regexp.QuoteMeta(c.want), " ", `\s+`)),
				}},
			})
		})
	}
}

func inputIs(name, typ string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact(name), "type": knownvalue.StringExact(typ)})
}

// operationIs checks an operation's method and path and its inputs, in
// order; its content types are checked elsewhere.
func operationIs(method, path string, inputs ...knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"method": knownvalue.StringExact(method), "path": knownvalue.StringExact(path),
		"inputs": knownvalue.ListExact(inputs),
	})
}

// An API whose operations come from a document: each change of the
// document plans as a change of the operations it touches, the platform
// receives it, and the plan after each apply is empty.
func TestAccOpenAPIOperations_documentChangesPlanAsOperations(t *testing.T) {
	p := newTestPlatform(t)
	docPath := filepath.Join(t.TempDir(), "openapi.yaml")
	writeDoc := func(doc string) func() {
		return func() {
			if err := os.WriteFile(docPath, []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	cfg := p.providerConfig() + fmt.Sprintf(`
resource "platform_api" "orders" {
  name = "orders"
  version = {
    name       = "1.0"
    endpoints  = [{ category = "Production", uri = "https://orders.broker.example.com/v1" }]
    operations = provider::platform::openapi_operations(file(%q))
  }
}
`, docPath)
	const addr = "platform_api.orders"
	operations := tfjsonpath.New("version").AtMapKey("operations")
	withPath := ordersV1 + `  /orders/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getOrder
      responses:
        "200": {description: ok, content: {application/json: {}}}
        "404": {description: none, content: {application/problem+json: {}}}
`
	withQuery := strings.Replace(withPath, "      operationId: listOrders\n",
		"      operationId: listOrders\n      parameters:\n        - {name: status, in: query, schema: {type: string}}\n", 1)
	post, _, _ := strings.Cut(withQuery, "    post:")
	_, item, _ := strings.Cut(withQuery, "  /orders/{id}:")
	withoutPost := post + "  /orders/{id}:" + item
	body := inputIs("body", "body")
	id := inputIs("id", "path")
	status := inputIs("status", "query")
	empty := plancheck.ExpectEmptyPlan()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		TerraformVersionChecks:   functionsNeed,
		Steps: []resource.TestStep{
			{
				PreConfig: writeDoc(ordersV1),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(addr, operations, knownvalue.MapExact(map[string]knownvalue.Check{
							"listOrders":  operationIs("GET", "/orders"),
							"createOrder": operationIs("POST", "/orders", body),
						})),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{empty},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, operations.AtMapKey("createOrder"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"method": knownvalue.StringExact("POST"), "path": knownvalue.StringExact("/orders"),
						"input_content_type": knownvalue.StringExact("application/json,application/xml"), "output_content_type": knownvalue.StringExact("application/json"),
						"fault_content_type": knownvalue.StringExact("application/problem+json"), "inputs": knownvalue.ListExact([]knownvalue.Check{body}),
					})),
				},
				Check: p.expectSentOperations(t, http.MethodPost, "listOrders GET /orders []", "createOrder POST /orders [body/body]"),
			},
			{
				PreConfig: writeDoc(withPath),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, operations, knownvalue.MapExact(map[string]knownvalue.Check{
							"listOrders":  operationIs("GET", "/orders"),
							"createOrder": operationIs("POST", "/orders", body),
							"getOrder":    operationIs("GET", "/orders/{id}", id),
						})),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{empty},
				},
				Check: p.expectSentOperations(t, http.MethodPut,
					"listOrders GET /orders []", "createOrder POST /orders [body/body]", "getOrder GET /orders/{id} [id/path]"),
			},
			{
				PreConfig: writeDoc(withQuery),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, operations.AtMapKey("listOrders"), operationIs("GET", "/orders", status)),
						plancheck.ExpectKnownValue(addr, operations.AtMapKey("getOrder"), operationIs("GET", "/orders/{id}", id)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{empty},
				},
				Check: p.expectSentOperations(t, http.MethodPut,
					"listOrders GET /orders [status/query]", "createOrder POST /orders [body/body]", "getOrder GET /orders/{id} [id/path]"),
			},
			{
				PreConfig: writeDoc(withoutPost),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, operations, knownvalue.MapExact(map[string]knownvalue.Check{
							"listOrders": operationIs("GET", "/orders", status),
							"getOrder":   operationIs("GET", "/orders/{id}", id),
						})),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{empty},
				},
				Check: p.expectSentOperations(t, http.MethodPut, "listOrders GET /orders [status/query]", "getOrder GET /orders/{id} [id/path]"),
			},
			{
				// The same document again: nothing to do.
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{empty}},
			},
		},
	})
}

// On a 20-operation document, a path inserted before all others plans as
// exactly one added operation, by its name, and the 20 others are the same
// before and after in the saved plan; a removed operation and a changed
// parameter plan as exactly one removed and one changed key. Each write
// carries every operation, and each apply leaves a clean plan.
func TestAccOpenAPIOperations_changesPlanAsTheirOwnKeys(t *testing.T) {
	p := newTestPlatform(t)
	docPath := filepath.Join(t.TempDir(), "openapi.yaml")
	// Each step's document: the generated one and the changes of the
	// steps before.
	insert := func(d map[string]any) {
		d["paths"].(map[string]any)["/health"] = map[string]any{"get": map[string]any{
			"operationId": "getHealth", "responses": map[string]any{"200": map[string]any{"description": "Up."}}}}
	}
	remove := func(d map[string]any) {
		delete(d["paths"].(map[string]any)["/things2/{id}"].(map[string]any), "delete")
	}
	change := func(d map[string]any) {
		op := d["paths"].(map[string]any)["/things1/{id}"].(map[string]any)["get"].(map[string]any)
		op["parameters"] = append(op["parameters"].([]any), map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer"}})
	}
	writeDoc := func(changes ...func(map[string]any)) func() {
		return func() {
			doc := openapitest.Document(20, 1)
			for _, c := range changes {
				c(doc)
			}
			if err := os.WriteFile(docPath, openapitest.YAML(doc), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	cfg := p.providerConfig() + fmt.Sprintf(`
resource "platform_api" "things" {
  name = "things"
  version = {
    name       = "1.0"
    operations = provider::platform::openapi_operations(file(%q))
  }
}
`, docPath)
	const addr = "platform_api.things"
	empty := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		TerraformVersionChecks:   functionsNeed,
		Steps: []resource.TestStep{
			{
				PreConfig:        writeDoc(),
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty},
				Check:            p.expectSentOperationCount(t, http.MethodPost, 20, ""),
			},
			{
				PreConfig: writeDoc(insert),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						operationsDiff{addr: addr, added: []string{"getHealth"}, unchanged: 20},
					},
					PostApplyPostRefresh: empty,
				},
				Check: p.expectSentOperationCount(t, http.MethodPut, 21, "getHealth"),
			},
			{
				PreConfig: writeDoc(insert, remove),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{operationsDiff{addr: addr, removed: []string{"deleteThing10"}, unchanged: 20}},
					PostApplyPostRefresh: empty,
				},
				Check: p.expectSentOperationCount(t, http.MethodPut, 20, "getHealth"),
			},
			{
				PreConfig: writeDoc(insert, remove, change),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{operationsDiff{addr: addr, changed: []string{"getThing4"}, unchanged: 19}},
					PostApplyPostRefresh: empty,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, pathOf("version", "operations", "getThing4", "inputs"), knownvalue.ListExact([]knownvalue.Check{
						inputIs("id", "path"), inputIs("X-Trace-ID", "header"), inputIs("fields", "query"), inputIs("limit", "query"),
					})),
				},
				Check: p.expectSentOperationCount(t, http.MethodPut, 20, "getThing4"),
			},
		},
	})
}

// operationsDiff checks, in the saved plan, the change of addr's
// version.operations: exactly the keys added, removed and changed, and
// unchanged keys whose values are the same before and after.
type operationsDiff struct {
	addr                    string
	added, removed, changed []string
	unchanged               int
}

func (c operationsDiff) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		before, after := versionOperations(rc.Change.Before), versionOperations(rc.Change.After)
		var added, removed, changed []string
		unchanged := 0
		for name, op := range after {
			old, ok := before[name]
			switch {
			case !ok:
				added = append(added, name)
			case !reflect.DeepEqual(old, op):
				changed = append(changed, name)
			default:
				unchanged++
			}
		}
		for name := range before {
			if _, ok := after[name]; !ok {
				removed = append(removed, name)
			}
		}
		slices.Sort(added)
		slices.Sort(removed)
		slices.Sort(changed)
		if !slices.Equal(added, c.added) || !slices.Equal(removed, c.removed) || !slices.Equal(changed, c.changed) || unchanged != c.unchanged {
			resp.Error = fmt.Errorf("%s: the plan adds operations %q, removes %q, changes %q and keeps %d; want %q, %q, %q and %d",
				c.addr, added, removed, changed, unchanged, c.added, c.removed, c.changed, c.unchanged)
		}
		return
	}
	resp.Error = fmt.Errorf("the plan has no change of %s", c.addr)
}

// versionOperations is version.operations of a resource's planned value, as
// terraform show -json writes it.
func versionOperations(v any) map[string]any {
	r, _ := v.(map[string]any)
	version, _ := r["version"].(map[string]any)
	ops, _ := version["operations"].(map[string]any)
	return ops
}

// expectSentOperationCount checks that the last successful write of method
// the mock received carried n operations, one of them named name (when
// not empty).
func (p *testPlatform) expectSentOperationCount(t *testing.T, method string, n int, name string) func(*terraform.State) error {
	return func(*terraform.State) error {
		b, err := json.Marshal(p.lastBody(t, method, "/api/apis")["APIVersion"])
		if err != nil {
			return err
		}
		var v wire.APIVersion
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		ops := v.Operations.Operation
		if len(ops) != n || (name != "" && !slices.ContainsFunc(ops, func(o wire.Operation) bool { return o.Name == name })) {
			return fmt.Errorf("the platform received %d operations, want %d with %q", len(ops), n, name)
		}
		return nil
	}
}

// A document known only after apply (here, the output of another resource)
// is not read at plan time: Terraform does not call the function, and the
// operations are unknown until the apply.
func TestAccOpenAPIOperations_unknownDocument(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + fmt.Sprintf(`
resource "terraform_data" "document" {
  input = %q
}

resource "platform_api" "orders" {
  name = "orders"
  version = {
    name       = "1.0"
    operations = provider::platform::openapi_operations(terraform_data.document.output)
  }
}
`, ordersV1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		TerraformVersionChecks:   functionsNeed,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue("platform_api.orders", tfjsonpath.New("version").AtMapKey("operations")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("platform_api.orders", tfjsonpath.New("version").AtMapKey("operations"), knownvalue.MapExact(map[string]knownvalue.Check{
					"listOrders":  operationIs("GET", "/orders"),
					"createOrder": operationIs("POST", "/orders", inputIs("body", "body")),
				})),
			},
		}},
	})
}

// expectSentOperations checks the operations of the last successful write
// of method that the mock received, each as "name METHOD path [inputs]", in
// any order: the platform knows operations by name.
func (p *testPlatform) expectSentOperations(t *testing.T, method string, want ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		b, err := json.Marshal(p.lastBody(t, method, "/api/apis")["APIVersion"])
		if err != nil {
			return err
		}
		var v wire.APIVersion
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		var got []string
		for _, op := range v.Operations.Operation {
			var inputs []string
			for _, in := range op.Input {
				inputs = append(inputs, in.Name+"/"+in.Type)
			}
			got = append(got, fmt.Sprintf("%s %s %s [%s]", op.Name, op.Method, op.Path, strings.Join(inputs, " ")))
		}
		slices.Sort(got)
		if want = slices.Sorted(slices.Values(want)); !slices.Equal(got, want) {
			return fmt.Errorf("the platform received operations %q, want %q", got, want)
		}
		return nil
	}
}
