package mockplatform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const (
	specFilePath = "/apiops/projects/ecommerce/apiProxies/file/"
	specURLPath  = "/apiops/projects/ecommerce/apiProxies/url/"
	ordersSpec   = "/apiops/projects/ecommerce/apiProxies/orders-spec/"
)

// ordersYAML has four operations, an extension and parameters beside them.
const ordersYAML = `openapi: 3.0.3
info: {title: Orders, version: "1.0"}
paths:
  /orders:
    get: {summary: List orders}
    post: {summary: Create an order, operationId: createOrder}
  /orders/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {operationId: getOrder}
    delete: {summary: Cancel an order}
  x-internal: {get: {summary: not an operation}}
`

// ordersV2YAML drops the delete and adds a patch.
const ordersV2YAML = `openapi: 3.1.0
info: {title: Orders, version: "2.0"}
paths:
  /orders:
    get: {summary: List all orders}
  /orders/{id}:
    patch: {summary: Change an order}
`

const petstoreJSON = `{"swagger": "2.0", "info": {"title": "Pets", "version": "1"},
  "paths": {"/pets": {"get": {"summary": "List pets"}, "post": {}}}}`

// specDocs serves documents for the url/ form: each path its document,
// /missing 404, /moved a redirect and /slow an answer too late.
func specDocs(t *testing.T) *httptest.Server {
	t.Helper()
	docs := map[string]string{"/orders.yaml": ordersYAML, "/orders-v2.yaml": ordersV2YAML, "/pets.json": petstoreJSON, "/list.json": `[1, 2]`}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, "/orders.yaml", http.StatusFound)
		case "/slow":
			time.Sleep(500 * time.Millisecond)
		default:
			doc, ok := docs[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			_, _ = w.Write([]byte(doc))
		}
	}))
	t.Cleanup(hs.Close)
	return hs
}

func quickFetch(c *Config) { c.SpecFetchTimeout = 200 * time.Millisecond }

// multipartForm encodes parts in order, as a client uploads them.
func multipartForm(t *testing.T, parts ...[2]string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		var err error
		if p[0] == "specFile" {
			var w interface{ Write([]byte) (int, error) }
			if w, err = mw.CreateFormFile("specFile", "openapi.yaml"); err == nil {
				_, err = w.Write([]byte(p[1]))
			}
		} else {
			err = mw.WriteField(p[0], p[1])
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), b.Bytes()
}

// specFile sends the file form: metadata and document.
func (h *harness) specFile(method, meta, doc, token string) (int, []byte) {
	h.t.Helper()
	ct, body := multipartForm(h.t, [2]string{"metadata", meta}, [2]string{"specFile", doc})
	status, b, _ := h.do(method, specFilePath, body, map[string]string{"Authorization": "Bearer " + token, "Content-Type": ct})
	return status, b
}

// metadata is the minimal create of orders-spec with changes: a nil value
// drops the field.
func metadata(changes map[string]any) string {
	m := map[string]any{"apiProxyName": "orders-spec", "apiProxyCreationType": "OPEN_API",
		"clientRoute": map[string]any{"relativePathList": []string{"/orders"}}}
	for k, v := range changes {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// proxyAt reads a proxy through GET in whatever form the variant answers.
func (h *harness) proxyAt(path string) (wire.APIProxy, map[string]any) {
	h.t.Helper()
	status, b := h.ops("GET", path, "", "demo-token")
	if status != 200 {
		h.t.Fatalf("GET %s: %d %s", path, status, b)
	}
	var env struct {
		ResultList []json.RawMessage `json:"resultList"`
	}
	if json.Unmarshal(b, &env) == nil && len(env.ResultList) == 1 {
		b = env.ResultList[0]
	}
	var px wire.APIProxy
	var raw map[string]any
	if json.Unmarshal(b, &px) != nil || json.Unmarshal(b, &raw) != nil {
		h.t.Fatalf("GET %s: %s", path, b)
	}
	return px, raw
}

// checkWriteAnswer checks the answer to a create or re-parse that deploys
// nothing: each release's own (wire/PROTOCOL.md §2.9).
func checkWriteAnswer(t *testing.T, variant string, status int, b []byte) {
	t.Helper()
	want := `{"success":true}`
	if variant == "latest" {
		want = `{"deploymentResult":null,"resultCount":null,"resultList":null,"resultMessage":null,"status":"SUCCESS"}`
	}
	if status != 200 || strings.TrimSpace(string(b)) != want {
		t.Fatalf("answer %d %s, want %s", status, b, want)
	}
}

func endpointPairs(list []wire.ProxyEndpoint) []string {
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, e.HTTPMethod+" "+e.Endpoint)
	}
	slices.Sort(out)
	return out
}

func TestSpecProxyCreatePerRelease(t *testing.T) {
	docs := specDocs(t)
	for name, variant := range variants {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant)
			meta := metadata(map[string]any{"apiProxyDescription": "Orders",
				"clientRoute": map[string]any{"relativePathList": []string{"/orders", "/v1/orders"}, "hostList": []string{"api.example.com"}},
				"routingInfo": map[string]any{"loadBalanceAlgorithm": "WEIGHTED", "routingAddressList": []any{map[string]any{"address": "https://b1.internal", "weight": 2}}}})
			status, b := h.specFile("POST", meta, ordersYAML, "demo-token")
			checkWriteAnswer(t, name, status, b)

			px, raw := h.proxyAt(ordersSpec)
			if px.Name != "orders-spec" || px.APIType != "REST" || px.Description != "Orders" || !px.Routing.RoutingEnabled ||
				px.Routing.LoadBalanceAlgorithm != "WEIGHTED" || len(px.Routing.RoutingAddressList) != 1 || px.Routing.RoutingAddressList[0].Weight != 2 {
				t.Fatalf("GET: %+v", px)
			}
			if px.ClientRoute == nil || !reflect.DeepEqual(px.ClientRoute.RelativePathList, []string{"/orders", "/v1/orders"}) ||
				!reflect.DeepEqual(px.ClientRoute.HostList, []string{"api.example.com"}) {
				t.Fatalf("clientRoute %+v", px.ClientRoute)
			}
			checkOrdersEndpoints(t, px.EndpointList)
			if _, ok := raw["deploymentList"]; ok != (name == "latest") {
				t.Errorf("deploymentList present: %v", ok)
			}

			_, b = h.ops("GET", "/apiops/projects/ecommerce/apiProxies/", "", "demo-token")
			var list wire.ResultList[wire.ProxyListItem]
			_ = json.Unmarshal(b, &list)
			i := slices.IndexFunc(list.ResultList, func(p wire.ProxyListItem) bool { return p.Name == "orders-spec" })
			if i < 0 || list.ResultList[i].Type != "REST" || list.ResultList[i].RelativePath != "/orders" {
				t.Fatalf("list: %s", b)
			}

			// The url/ form, a Swagger 2.0 document, deploying: the answer
			// carries the deployment on every release.
			status, b = h.ops("POST", specURLPath, metadata(map[string]any{"apiProxyName": "pets", "apiProxyCreationType": "SWAGGER",
				"specUrl": docs.URL + "/pets.json", "clientRoute": map[string]any{"relativePathList": []string{"/pets"}},
				"deploy": true, "deployTargetEnvironmentNameList": []string{"test"}}), "demo-token")
			var res wire.SettingsResult
			if status != 200 || json.Unmarshal(b, &res) != nil || res.Success == nil || !*res.Success || res.Status != "" || res.DeploymentResult == nil ||
				!reflect.DeepEqual(res.DeploymentResult.DeploymentResults, []wire.EnvironmentDeployment{{EnvironmentName: "test", Success: true}}) {
				t.Fatalf("deploying create: %d %s", status, b)
			}
			if deployed, stale := h.srv.DeployState("ecommerce", "pets", "test"); !deployed || stale {
				t.Fatalf("pets in test: deployed %v, stale %v", deployed, stale)
			}
			pets, _ := h.proxyAt("/apiops/projects/ecommerce/apiProxies/pets/")
			if !reflect.DeepEqual(endpointPairs(pets.EndpointList), []string{"GET /pets", "POST /pets"}) || pets.Description != "" {
				t.Fatalf("pets: %+v", pets)
			}
			if name == "latest" {
				if h := h.routeHealthOf("pets", "test"); h.ServedPath != "/pets" {
					t.Errorf("route-health serves %q, want the first relative path", h.ServedPath)
				}
			}
		})
	}
}

func (h *harness) routeHealthOf(proxy, env string) wire.RouteHealth {
	h.t.Helper()
	status, b := h.ops("GET", "/apiops/projects/ecommerce/apiProxies/"+proxy+"/environments/"+env+"/route-health/", "", "demo-token")
	var out wire.ResultList[wire.RouteHealth]
	if status != 200 || json.Unmarshal(b, &out) != nil || len(out.ResultList) != 1 {
		h.t.Fatalf("route-health: %d %s", status, b)
	}
	return out.ResultList[0]
}

func checkOrdersEndpoints(t *testing.T, list []wire.ProxyEndpoint) {
	t.Helper()
	want := map[string]string{"GET /orders": "List orders", "POST /orders": "Create an order", "GET /orders/{id}": "", "DELETE /orders/{id}": "Cancel an order"}
	got := map[string]string{}
	ids := map[string]bool{}
	for _, e := range list {
		got[e.HTTPMethod+" "+e.Endpoint] = e.Description
		if !e.Active || e.BackendResourceURL != e.Endpoint || e.BackendHTTPMethod != e.HTTPMethod || len(e.ID) != 24 || ids[e.ID] {
			t.Errorf("endpoint %+v", e)
		}
		ids[e.ID] = true
	}
	if !maps.Equal(got, want) {
		t.Fatalf("endpoints %v, want %v", got, want)
	}
}

type specCase struct {
	name   string
	form   string // "file" (default), "url", or "raw" (body and content type as given)
	method string // POST by default
	meta   string
	doc    string // the file form's document, or the url form's path on the document server
	token  string
	status int // on classic managers; a 404 is a 400 on newer ones
	msg    string
}

func specValidationCases() []specCase {
	m := metadata
	route := func(paths ...string) map[string]any { return map[string]any{"relativePathList": paths} }
	cases := []specCase{
		{name: "unknown field", meta: m(map[string]any{"description": "x"}), msg: "Unknown field description"},
		{name: "unknown clientRoute field", meta: m(map[string]any{"clientRoute": map[string]any{"relativePathList": []string{"/o"}, "methodList": []string{}}}), msg: "Unknown field clientRoute.methodList"},
		{name: "unknown routingInfo field", meta: m(map[string]any{"routingInfo": map[string]any{"weight": 1}}), msg: "Unknown field routingInfo.weight"},
		{name: "specUrl on the file form", meta: m(map[string]any{"specUrl": "https://x/o.yaml"}), msg: "Unknown field specUrl"},
		{name: "a field in another case", meta: m(map[string]any{"APIProxyName": "x"}), msg: "Unknown field APIProxyName"},
		{name: "no name", meta: m(map[string]any{"apiProxyName": nil}), msg: "apiProxyName is required"},
		{name: "no creation type", meta: m(map[string]any{"apiProxyCreationType": nil}), msg: "apiProxyCreationType is required"},
		{name: "WSDL", meta: m(map[string]any{"apiProxyCreationType": "WSDL"}), msg: "apiProxyCreationType WSDL is not made from a specification"},
		{name: "REVERSE_PROXY", meta: m(map[string]any{"apiProxyCreationType": "REVERSE_PROXY"}), msg: "REVERSE_PROXY is not made from a specification"},
		{name: "EMPTY_API", meta: m(map[string]any{"apiProxyCreationType": "EMPTY_API"}), msg: "EMPTY_API is not made from a specification"},
		{name: "another creation type", meta: m(map[string]any{"apiProxyCreationType": "open_api"}), msg: "must be OPEN_API or SWAGGER"},
		{name: "soapToRest", meta: m(map[string]any{"soapToRest": true}), msg: "soapToRest must be false"},
		{name: "enableWSA", meta: m(map[string]any{"enableWSA": true}), msg: "enableWSA must be false"},
		{name: "enableWSRM", meta: m(map[string]any{"enableWSRM": true}), msg: "enableWSRM must be false"},
		{name: "no clientRoute", meta: m(map[string]any{"clientRoute": nil}), msg: "clientRoute with a relativePathList is required"},
		{name: "no relative path", meta: m(map[string]any{"clientRoute": route()}), msg: "at least one path"},
		{name: "a relative path without a slash", meta: m(map[string]any{"clientRoute": route("/a", "orders")}), msg: `relativePathList[1] must start with "/"`},
		{name: "a relative path twice", meta: m(map[string]any{"clientRoute": route("/a", "/b", "/a")}), msg: `lists "/a" twice`},
		{name: "an empty host", meta: m(map[string]any{"clientRoute": map[string]any{"relativePathList": []string{"/a"}, "hostList": []string{" "}}}), msg: "clientRoute.hostList[0] is empty"},
		{name: "another algorithm", meta: m(map[string]any{"routingInfo": map[string]any{"loadBalanceAlgorithm": "LEAST_CONN"}}), msg: "is not one of ROUND_ROBIN, WEIGHTED, LRU, RANDOM, PICK_FIRST"},
		{name: "a misspelt address field", meta: m(map[string]any{"routingInfo": map[string]any{"routingAddressList": []any{
			map[string]any{"address": "https://b", "weight": 2}, map[string]any{"address": "https://c", "wieght": 2}}}}),
			msg: "Unknown field routingInfo.routingAddressList[1].wieght"},
		{name: "a relative address", meta: m(map[string]any{"routingInfo": map[string]any{"routingAddressList": []any{map[string]any{"address": "/b"}}}}), msg: "Address must be a valid URL"},
		{name: "a field of the wrong type", meta: m(map[string]any{"deploy": "yes"}), msg: "deploy must be bool, not string"},
		{name: "metadata that is no JSON", meta: "{", msg: "The metadata is not valid"},
		{name: "reParse on POST", meta: m(map[string]any{"reParse": true}), msg: "reParse is for PUT only"},
		{name: "the name of a REST proxy", meta: m(map[string]any{"apiProxyName": "orders-api"}), msg: "ApiProxy (name: orders-api) is already exist!"},
		{name: "the name of an AI proxy", meta: m(map[string]any{"apiProxyName": "assistant"}), msg: "ApiProxy (name: assistant) is already exist!"},
		{name: "an unknown environment", meta: m(map[string]any{"deploy": true, "deployTargetEnvironmentNameList": []string{"test", "prod"}}), msg: "Environment (prod) is not found!"},
		{name: "no MANAGE", meta: m(nil), token: "reader", status: 403, msg: "User does not have required permission"},
	}
	for _, d := range []struct{ name, doc, msg string }{
		{"an empty document", " \n", "The specification is empty"},
		{"a list", "[1, 2]", "The specification is not an object"},
		{"null", "null", "The specification is not an object"},
		{"no version", "info: {}\npaths: {}", "has no openapi or swagger version"},
		{"OpenAPI 3.2", "openapi: 3.2.0\ninfo: {}\npaths: {}", `openapi "3.2.0" is not 3.0.x or 3.1.x`},
		{"a version without patch", "openapi: 3.1\ninfo: {}\npaths: {}", `openapi "3.1" is not 3.0.x or 3.1.x`},
		{"Swagger 3.0", "swagger: '3.0'\ninfo: {}\npaths: {}", `swagger "3.0" is not "2.0"`},
		{"both versions", "swagger: '2.0'\nopenapi: 3.0.0\ninfo: {}\npaths: {}", "both openapi and swagger"},
		{"no info", "openapi: 3.0.0\npaths: {}", "has no info object"},
		{"info not an object", "openapi: 3.0.0\ninfo: Orders\npaths: {}", "has no info object"},
		{"no paths", "openapi: 3.0.0\ninfo: {}", "has no paths object"},
		{"3.0 with components alone", "openapi: 3.0.0\ninfo: {}\ncomponents: {schemas: {}}", "has no paths object"},
		{"Swagger with no paths", `{"swagger": "2.0", "info": {}}`, "has no paths object"},
		{"paths a list", "openapi: 3.0.0\ninfo: {}\npaths: []", "paths is not an object"},
		{"broken JSON", `{"openapi": "3.0.0",`, "neither JSON nor YAML"},
		{"two YAML documents", "openapi: 3.0.0\ninfo: {}\npaths: {}\n---\nx: 1\n", "neither JSON nor YAML"},
		{"not UTF-8", "openapi: 3.0.0\ninfo: {title: \xff}\npaths: {}", "not UTF-8"},
	} {
		cases = append(cases, specCase{name: d.name, meta: m(nil), doc: d.doc, msg: d.msg})
	}
	return append(cases,
		specCase{name: "no specFile part", form: "raw", meta: "metadata-only", msg: "The part specFile is required"},
		specCase{name: "no metadata part", form: "raw", meta: "specFile-only", msg: "The part metadata is required"},
		specCase{name: "an unknown part", form: "raw", meta: "extra-part", msg: `Unknown part "file"`},
		specCase{name: "a part twice", form: "raw", meta: "twice", msg: "The part metadata is sent twice"},
		specCase{name: "JSON on the file form", form: "raw", meta: "json", msg: "Content-Type must be multipart/form-data"},
		specCase{name: "url: no specUrl", form: "url", meta: m(nil), msg: "specUrl is required"},
		specCase{name: "url: a relative specUrl", form: "url", meta: m(map[string]any{"specUrl": "/orders.yaml"}), msg: "specUrl must be an absolute http or https URL"},
		specCase{name: "url: not found", form: "url", doc: "/missing", msg: "could not be read from"},
		specCase{name: "url: a redirect", form: "url", doc: "/moved", msg: "HTTP 302"},
		specCase{name: "url: too slow", form: "url", doc: "/slow", msg: "could not be read from"},
		specCase{name: "url: not a document", form: "url", doc: "/list.json", msg: "The specification is not an object"},
		specCase{name: "url: no server", form: "url", meta: m(map[string]any{"specUrl": "http://127.0.0.1:1/x.yaml"}), msg: "could not be read from"},
		specCase{name: "url: not JSON", form: "raw", meta: "text", msg: "Content-Type must be application/json"},
	)
}

// send sends one case; the file form takes ordersYAML when no document is
// given, the url form the case's path on the document server.
func (h *harness) send(c specCase, docs string) (int, []byte) {
	h.t.Helper()
	method, token := orDefault(c.method, "POST"), orDefault(c.token, "demo-token")
	switch c.form {
	case "url":
		meta := c.meta
		if c.doc != "" {
			meta = metadata(map[string]any{"specUrl": docs + c.doc})
		}
		return h.ops(method, specURLPath, meta, token)
	case "raw":
		return h.sendRaw(c.meta)
	}
	return h.specFile(method, c.meta, orDefault(c.doc, ordersYAML), token)
}

// sendRaw sends a malformed request of the file form, or a url/ request
// that is not JSON.
func (h *harness) sendRaw(kind string) (int, []byte) {
	h.t.Helper()
	meta := metadata(nil)
	var ct string
	var body []byte
	path := specFilePath
	switch kind {
	case "metadata-only":
		ct, body = multipartForm(h.t, [2]string{"metadata", meta})
	case "specFile-only":
		ct, body = multipartForm(h.t, [2]string{"specFile", ordersYAML})
	case "extra-part":
		ct, body = multipartForm(h.t, [2]string{"metadata", meta}, [2]string{"specFile", ordersYAML}, [2]string{"file", "x"})
	case "twice":
		ct, body = multipartForm(h.t, [2]string{"metadata", meta}, [2]string{"metadata", meta}, [2]string{"specFile", ordersYAML})
	case "json":
		ct, body = "application/json", []byte(meta)
	case "text":
		ct, body, path = "text/plain", []byte(meta), specURLPath
	}
	status, b, _ := h.do("POST", path, body, map[string]string{"Authorization": "Bearer demo-token", "Content-Type": ct})
	return status, b
}

// Every check of wire/PROTOCOL.md §2.9 answers 400 (403 for the
// permission) in the release's envelope, and nothing is created or
// deployed.
func TestSpecProxyValidation(t *testing.T) {
	docs := specDocs(t)
	for name, variant := range variants {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant, withAIProxy, quickFetch)
			before := h.srv.ProxyNames("ecommerce")
			for _, c := range specValidationCases() {
				status, b := h.send(c, docs.URL)
				want := c.status
				if want == 0 {
					want = 400
				}
				if msg := errorMessage(t, name, b); status != want || !strings.Contains(msg, c.msg) {
					t.Errorf("%s: %d %s, want %d %q", c.name, status, b, want, c.msg)
				}
			}
			if after := h.srv.ProxyNames("ecommerce"); !slices.Equal(before, after) {
				t.Fatalf("proxies %v after refused writes, before %v", after, before)
			}
			for _, env := range []string{"test", "production"} {
				if n := h.srv.Deployments("ecommerce", "orders-spec", env); n != 0 {
					t.Fatalf("%d deployments to %s", n, env)
				}
			}
			// A missing project is "not found" in the release's way.
			status, b := h.ops("POST", "/apiops/projects/nope/apiProxies/url/", metadata(map[string]any{"specUrl": docs.URL + "/orders.yaml"}), "demo-token")
			wantStatus := map[string]int{"classic": 404, "newer": 400, "latest": 400}[name]
			if msg := errorMessage(t, name, b); status != wantStatus || msg != "Project (nope) is not found!" {
				t.Errorf("missing project: %d %s", status, b)
			}
		})
	}
}

// What the contract accepts: the vendor's fields it does not model, a
// document of any accepted version and form, deploy without names.
func TestSpecProxyAcceptsWhatTheContractAllows(t *testing.T) {
	docs := specDocs(t)
	h := newHarness(t)
	vendor := map[string]any{"soapToRest": false, "enableWSA": false, "enableWSRM": false, "backendApiVersion": "v1",
		"requestBodyReadBehavior": "READ", "responseBodyReadBehavior": "READ", "maintenanceModeSetting": map[string]any{"enabled": false},
		"apiProxyGroupName": "shop", "deploy": true, "deployTargetEnvironmentNameList": []string{}, "reParse": false,
		"routingInfo": map[string]any{"connectTimeout": 30, "readTimeout": 60, "retryCount": 2, "failoverRetryCount": 1, "mirrorEnabled": false, "routingEnabled": false,
			"routingAddressList": []any{map[string]any{"address": "https://b", "weight": 2, "soapType": "SOAP11", "addressType": "PRIMARY",
				"description": "d", "healthCheckPath": "/health", "healthMonitoringEnabled": true}}}}
	for i, doc := range []string{
		ordersYAML, petstoreJSON,
		"swagger: 2.0\ninfo: {title: t}\npaths: {}",
		"openapi: 3.1.0\ninfo: {title: t}\nwebhooks: {newPet: {post: {summary: s}}}",
		"openapi: 3.1.0\ninfo: {title: t}\ncomponents: {schemas: {}}",
		`{"openapi": "3.0.3", "info": {}, "paths": {"/a": {"get": null, "put": "x", "head": {"summary": 7}}, "/b": null}}`,
		"openapi: 3.0.0\ninfo: &i {title: t}\npaths:\n  /a:\n    get: &op {summary: shared}\n    put: *op\n",
	} {
		changes := maps.Clone(vendor)
		changes["apiProxyName"] = fmt.Sprintf("p%d", i)
		status, b := h.specFile("POST", metadata(changes), doc, "demo-token")
		if status != 200 {
			t.Errorf("document %d: %d %s", i, status, b)
		}
	}
	px, _ := h.proxyAt("/apiops/projects/ecommerce/apiProxies/p5/")
	if !reflect.DeepEqual(endpointPairs(px.EndpointList), []string{"HEAD /a"}) || px.EndpointList[0].Description != "7" || px.Routing.RoutingEnabled {
		t.Errorf("p5: %+v", px)
	}
	if px, _ := h.proxyAt("/apiops/projects/ecommerce/apiProxies/p3/"); px.EndpointList == nil || len(px.EndpointList) != 0 {
		t.Errorf("p3 (webhooks only): endpointList %#v, want []", px.EndpointList)
	}
	if px, _ := h.proxyAt("/apiops/projects/ecommerce/apiProxies/p6/"); !reflect.DeepEqual(endpointPairs(px.EndpointList), []string{"GET /a", "PUT /a"}) {
		t.Errorf("p6 (aliases): %+v", px.EndpointList)
	}
	if n := h.srv.Deployments("ecommerce", "p0", "test") + h.srv.Deployments("ecommerce", "p0", "production"); n != 0 {
		t.Errorf("deploy without names deployed %d times", n)
	}
	meta := metadata(map[string]any{"apiProxyName": "by-url", "specUrl": docs.URL + "/orders.yaml",
		"specAuthorizationValueList": []any{map[string]any{"name": "Authorization", "value": "Bearer x"}}})
	if status, b := h.ops("POST", specURLPath, meta, "demo-token"); status != 200 {
		t.Errorf("url form with the vendor's fields: %d %s", status, b)
	}
}

func TestSpecProxyReparse(t *testing.T) {
	docs := specDocs(t)
	for name, variant := range variants {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant, withAIProxy)
			status, b := h.specFile("POST", metadata(map[string]any{"apiProxyDescription": "Orders",
				"clientRoute": map[string]any{"relativePathList": []string{"/orders"}, "hostList": []string{"a.example.com"}},
				"routingInfo": map[string]any{"loadBalanceAlgorithm": "WEIGHTED", "routingEnabled": false,
					"routingAddressList": []any{map[string]any{"address": "https://b1.internal"}}},
				"deploy": true, "deployTargetEnvironmentNameList": []string{"test", "production"}}), ordersYAML, "demo-token")
			if status != 200 {
				t.Fatalf("create: %d %s", status, b)
			}
			created, _ := h.proxyAt(ordersSpec)
			// Settings changed since are kept by a re-parse.
			h.ops("PATCH", ordersSpec+"settings/addresses/", `{"routingAddressList":[{"address":"https://b2.internal","weight":4}]}`, "demo-token")
			h.ops("PATCH", ordersSpec+"settings/routing-status/", `{"routingEnabled":true}`, "demo-token")
			h.deployAll(t)

			status, b = h.specFile("PUT", metadata(map[string]any{"reParse": true, "clientRoute": nil,
				"routingInfo": map[string]any{"loadBalanceAlgorithm": "RANDOM"}}), ordersV2YAML, "demo-token")
			checkWriteAnswer(t, name, status, b)
			px, _ := h.proxyAt(ordersSpec)
			if px.Description != "Orders" || px.Routing.LoadBalanceAlgorithm != "RANDOM" || !px.Routing.RoutingEnabled ||
				len(px.Routing.RoutingAddressList) != 1 || px.Routing.RoutingAddressList[0].Address != "https://b2.internal" ||
				!reflect.DeepEqual(px.ClientRoute, created.ClientRoute) {
				t.Fatalf("after re-parse: %+v", px)
			}
			if !reflect.DeepEqual(endpointPairs(px.EndpointList), []string{"GET /orders", "PATCH /orders/{id}"}) {
				t.Fatalf("endpoints %v", endpointPairs(px.EndpointList))
			}
			if idOf(px.EndpointList, "GET /orders") != idOf(created.EndpointList, "GET /orders") {
				t.Error("an operation both documents have changed its ID")
			}
			h.checkDeployments(t, map[string][2]bool{"test": {true, true}, "production": {true, true}})

			// The url form, deploying to test: test runs the new revision,
			// production stays stale; routes and addresses are replaced.
			meta := metadata(map[string]any{"reParse": true, "apiProxyDescription": "", "specUrl": docs.URL + "/orders.yaml",
				"clientRoute": map[string]any{"relativePathList": []string{"/v2/orders"}},
				"routingInfo": map[string]any{"routingAddressList": []any{}}, "deploy": true, "deployTargetEnvironmentNameList": []string{"test"}})
			status, b = h.ops("PUT", specURLPath, meta, "demo-token")
			if status != 200 || !strings.Contains(string(b), `"deploymentResult":{"success":true`) || !strings.Contains(string(b), `"success":true`) {
				t.Fatalf("deploying re-parse: %d %s", status, b)
			}
			h.checkDeployments(t, map[string][2]bool{"test": {true, false}, "production": {true, true}})
			px, _ = h.proxyAt(ordersSpec)
			if px.Description != "Orders" || len(px.Routing.RoutingAddressList) != 0 || px.Routing.LoadBalanceAlgorithm != "RANDOM" ||
				!reflect.DeepEqual(px.ClientRoute, &wire.ClientRoute{RelativePathList: []string{"/v2/orders"}, HostList: []string{}}) {
				t.Fatalf("after the second re-parse: %+v", px)
			}
			checkOrdersEndpoints(t, px.EndpointList)

			h.checkRefusedReparses(t, name, docs.URL)
			if after, _ := h.proxyAt(ordersSpec); !reflect.DeepEqual(after, px) {
				t.Fatalf("a refused re-parse changed the proxy: %+v", after)
			}
			// PUT without reParse creates, as POST does.
			if status, b := h.specFile("PUT", metadata(map[string]any{"apiProxyName": "orders-put"}), ordersYAML, "demo-token"); status != 200 {
				t.Fatalf("PUT that creates: %d %s", status, b)
			}
		})
	}
}

func (h *harness) deployAll(t *testing.T) {
	t.Helper()
	for _, env := range []string{"test", "production"} {
		if status, b := h.ops("POST", ordersSpec+"environments/"+env+"/", "", "demo-token"); status != 200 {
			t.Fatalf("deploy to %s: %d %s", env, status, b)
		}
	}
}

// checkDeployments wants, per environment, deployed and redeploy required.
func (h *harness) checkDeployments(t *testing.T, want map[string][2]bool) {
	t.Helper()
	for env, w := range want {
		if deployed, stale := h.srv.DeployState("ecommerce", "orders-spec", env); deployed != w[0] || stale != w[1] {
			t.Errorf("%s: deployed %v, redeploy required %v; want %v", env, deployed, stale, w)
		}
	}
}

func idOf(list []wire.ProxyEndpoint, pair string) string {
	for _, e := range list {
		if e.HTTPMethod+" "+e.Endpoint == pair {
			return e.ID
		}
	}
	return ""
}

// checkRefusedReparses: a proxy that is missing, not made from a
// specification or AI, an unknown environment, a bad document, a taken
// name.
func (h *harness) checkRefusedReparses(t *testing.T, variant, docs string) {
	t.Helper()
	notFound := map[string]int{"classic": 404, "newer": 400, "latest": 400}[variant]
	for _, c := range []struct {
		name   string
		meta   map[string]any
		doc    string
		status int
		msg    string
	}{
		{"a missing proxy", map[string]any{"apiProxyName": "nope"}, ordersYAML, notFound,
			"ApiProxy (name: nope) can not be reparsed because it is not exist. First create it!"},
		{"a proxy made otherwise", map[string]any{"apiProxyName": "orders-api"}, ordersYAML, 400, "ApiProxy (name: orders-api) was not made from a specification"},
		{"an AI proxy", map[string]any{"apiProxyName": "assistant"}, ordersYAML, 400, "ApiProxy (name: assistant) is an AI proxy"},
		{"an unknown environment", map[string]any{"deploy": true, "deployTargetEnvironmentNameList": []string{"prod"}}, ordersV2YAML, 400, "Environment (prod) is not found!"},
		{"a bad document", nil, "openapi: 3.0.0\ninfo: {}", 400, "The specification has no paths object"},
		{"no MANAGE", nil, ordersV2YAML, 403, "User does not have required permission"},
	} {
		c.meta = maps.Clone(c.meta)
		if c.meta == nil {
			c.meta = map[string]any{}
		}
		c.meta["reParse"] = true
		token := "demo-token"
		if c.status == 403 {
			token = "reader"
		}
		status, b := h.specFile("PUT", metadata(c.meta), c.doc, token)
		if msg := errorMessage(t, variant, b); status != c.status || !strings.HasPrefix(msg, c.msg) {
			t.Errorf("%s: %d %s, want %d %q", c.name, status, b, c.status, c.msg)
		}
	}
	status, b := h.specFile("PUT", metadata(nil), ordersYAML, "demo-token")
	if msg := errorMessage(t, variant, b); status != 400 || msg != "ApiProxy (name: orders-spec) is already exist!" {
		t.Errorf("PUT without reParse on a taken name: %d %s", status, b)
	}
}

func TestSpecProxyDelete(t *testing.T) {
	for name, variant := range variants {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant, withAIProxy, func(c *Config) {
				c.Projects = append(c.Projects, Project{Name: "bare", Proxies: []Proxy{{Name: "lonely", APIType: "REST"}}})
			})
			notFound := map[string]int{"classic": 404, "newer": 400, "latest": 400}[name]
			if status, b := h.specFile("POST", metadata(map[string]any{"deploy": true, "deployTargetEnvironmentNameList": []string{"test"}}), ordersYAML, "demo-token"); status != 200 {
				t.Fatalf("create: %d %s", status, b)
			}
			if status, _ := h.ops("DELETE", ordersSpec, "", "reader"); status != 403 || len(h.srv.ProxyNames("ecommerce")) != 4 {
				t.Fatalf("a reader's delete: %d", status)
			}
			h.srv.FailUndeployments("ecommerce", "production", "Gateway pods unreachable", 1)
			status, b := h.ops("DELETE", ordersSpec, "", "demo-token")
			want := `{"deploymentResult":{"success":false,"deploymentResults":[` +
				`{"environmentName":"test","success":true,"message":"Undeployment successful"},` +
				`{"environmentName":"production","success":false,"message":"Gateway pods unreachable"}]},"success":true}`
			if status != 200 || strings.TrimSpace(string(b)) != want {
				t.Fatalf("delete: %d %s\nwant %s", status, b, want)
			}
			gone := []struct{ method, path, body string }{
				{"GET", ordersSpec, ""},
				{"PATCH", ordersSpec + "settings/addresses/", `{"routingAddressList":[]}`},
				{"PATCH", ordersSpec + "settings/routing-status/", `{"routingEnabled":false}`},
				{"GET", ordersSpec + "environments/test/deploy-status/", ""},
				{"POST", ordersSpec + "environments/test/", ""},
				{"DELETE", ordersSpec, ""},
			}
			if name == "latest" {
				gone = append(gone, struct{ method, path, body string }{"GET", ordersSpec + "environments/test/route-health/", ""})
			}
			for _, g := range gone {
				status, b := h.ops(g.method, g.path, g.body, "demo-token")
				if msg := errorMessage(t, name, b); status != notFound || msg != "ApiProxy (name: orders-spec) was not found!" {
					t.Errorf("%s %s after the delete: %d %s", g.method, g.path, status, b)
				}
			}
			// The name is free again, and the new proxy is deployed nowhere.
			if status, b := h.specFile("POST", metadata(nil), ordersV2YAML, "demo-token"); status != 200 {
				t.Fatalf("create again: %d %s", status, b)
			}
			h.checkDeployments(t, map[string][2]bool{"test": {false, false}, "production": {false, false}})
			// Any proxy can be deleted: an AI one, a seeded one, one in a
			// project without environments.
			for _, path := range []string{assistant, ordersAPI, "/apiops/projects/bare/apiProxies/lonely/"} {
				status, b := h.ops("DELETE", path, "", "demo-token")
				if status != 200 || !strings.Contains(string(b), `"success":true`) {
					t.Errorf("DELETE %s: %d %s", path, status, b)
				}
				if strings.Contains(path, "bare") && !strings.Contains(string(b), `"deploymentResults":[]`) {
					t.Errorf("no environments: %s", b)
				}
			}
			if names := h.srv.ProxyNames("ecommerce"); !slices.Equal(names, []string{"billing-soap", "orders-spec"}) {
				t.Fatalf("left %v", names)
			}
		})
	}
}

// Creates, re-parses, deletes and reads of many proxies at once: exactly
// one create of each name wins.
func TestSpecProxyConcurrency(t *testing.T) {
	h := newHarness(t, latest)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := map[string]int{}
	for i := range 40 {
		wg.Add(2)
		name := fmt.Sprintf("p%d", i%10)
		go func() {
			defer wg.Done()
			status, _ := h.specFile("POST", metadata(map[string]any{"apiProxyName": name,
				"deploy": true, "deployTargetEnvironmentNameList": []string{"test"}}), ordersYAML, "demo-token")
			if status == 200 {
				mu.Lock()
				wins[name]++
				mu.Unlock()
			}
			h.specFile("PUT", metadata(map[string]any{"apiProxyName": name, "reParse": true}), ordersV2YAML, "demo-token")
		}()
		go func() {
			defer wg.Done()
			h.ops("GET", "/apiops/projects/ecommerce/apiProxies/"+name+"/", "", "demo-token")
			h.ops("GET", "/apiops/projects/ecommerce/apiProxies/", "", "demo-token")
			h.ops("GET", environmentsPath, "", "demo-token")
			if i%10 == 9 {
				h.ops("DELETE", "/apiops/projects/ecommerce/apiProxies/orders-api/", "", "demo-token")
			}
		}()
	}
	wg.Wait()
	for i := range 10 {
		if name := fmt.Sprintf("p%d", i); wins[name] != 1 || h.srv.Deployments("ecommerce", name, "test") != 1 {
			t.Errorf("%s: %d creates won, %d deployments", name, wins[name], h.srv.Deployments("ecommerce", name, "test"))
		}
	}
	if n := len(h.srv.ProxyNames("ecommerce")); n != 11 {
		t.Errorf("%d proxies, want the ten and billing-soap", n)
	}
}

// The fault and latency rules apply to the new routes as to any, and the
// mock records what it served.
func TestSpecProxyFaultsAndLatency(t *testing.T) {
	docs := specDocs(t)
	h := newHarness(t)
	h.srv.InjectFaults("POST", specFilePath, Fault{Status: http.StatusServiceUnavailable, RetryAfter: "1"}, Fault{DropAfter: true})
	if status, _ := h.specFile("POST", metadata(nil), ordersYAML, "demo-token"); status != 503 || slices.Contains(h.srv.ProxyNames("ecommerce"), "orders-spec") {
		t.Fatalf("a 503 fault: %d, and the proxy exists: %v", status, h.srv.ProxyNames("ecommerce"))
	}
	ct, body := multipartForm(t, [2]string{"metadata", metadata(nil)}, [2]string{"specFile", ordersYAML})
	if _, err := h.tryDoHeader(http.MethodPost, specFilePath, body, ct); err == nil {
		t.Fatal("a dropped answer reached the client")
	}
	if !slices.Contains(h.srv.ProxyNames("ecommerce"), "orders-spec") {
		t.Fatal("the create whose answer was lost did not happen")
	}
	reqs := h.srv.Requests()
	if last := reqs[len(reqs)-1]; last.Status != 200 || !bytes.Equal(last.Body, body) || reqs[len(reqs)-2].Status != 503 {
		t.Fatalf("recorded %+v", last)
	}
	h.srv.InjectFaults("DELETE", ordersSpec, Fault{CutAnswer: true})
	if _, err := h.tryDoHeader(http.MethodDelete, ordersSpec, nil, ""); err == nil {
		t.Fatal("a cut answer reached the client whole")
	}
	if slices.Contains(h.srv.ProxyNames("ecommerce"), "orders-spec") {
		t.Fatal("the delete whose answer was cut did not happen")
	}
	h.srv.SetLatency("POST", specURLPath, 400*time.Millisecond)
	impatient := &http.Client{Timeout: 50 * time.Millisecond}
	req, _ := http.NewRequest(http.MethodPost, h.url+specURLPath, strings.NewReader(metadata(map[string]any{"specUrl": docs.URL + "/orders.yaml"})))
	req.Header.Set("Authorization", "Bearer demo-token")
	req.Header.Set("Content-Type", "application/json")
	if resp, err := impatient.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatal("the slow create answered within its latency")
	}
	if !h.srv.WaitIdle(5*time.Second) || !slices.Contains(h.srv.ProxyNames("ecommerce"), "orders-spec") {
		t.Fatal("the slow create was not carried out after the client left")
	}
}

// tryDoHeader sends a request with the token and a content type, and
// returns the client's error.
func (h *harness) tryDoHeader(method, path string, body []byte, ct string) (int, error) {
	req, err := http.NewRequest(method, h.url+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer demo-token")
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer func() { _ = resp.Body.Close() }()
	_, err = io.ReadAll(resp.Body)
	return resp.StatusCode, err
}

func TestSpecRoutesInStats(t *testing.T) {
	h := newHarness(t)
	h.specFile("POST", metadata(nil), ordersYAML, "demo-token")
	h.specFile("PUT", metadata(map[string]any{"reParse": true}), ordersV2YAML, "demo-token")
	h.ops("GET", "/apiops/projects/ecommerce/apiProxies/file/", "", "demo-token")
	h.ops("GET", environmentsPath, "", "demo-token")
	h.ops("DELETE", ordersSpec, "", "demo-token")
	want := map[string]int{
		"POST /apiops/projects/{p}/apiProxies/file/":  1,
		"PUT /apiops/projects/{p}/apiProxies/file/":   1,
		"GET /apiops/projects/{p}/apiProxies/{x}/":    1,
		"GET /apiops/projects/{p}/environments/":      1,
		"DELETE /apiops/projects/{p}/apiProxies/{x}/": 1,
	}
	if got := h.srv.Stats(); !maps.Equal(got, want) {
		t.Fatalf("stats %v, want %v", got, want)
	}
}

// SetProxyOperations changes what GET reports, keeps the IDs of the
// operations that stay, and makes deployments stale.
func TestSetProxyOperations(t *testing.T) {
	srv := New(Config{Projects: []Project{{Name: "p", Environments: []string{"test"},
		Proxies: []Proxy{{Name: "plain", APIType: "REST"}}}}})
	srv.mu.Lock()
	rec := srv.saveSpecProxy("p", nil, specWrite{meta: specMetadata{APIProxyName: "spec"},
		ops: []specOperation{{method: "GET", path: "/a"}, {method: "POST", path: "/a"}}})
	srv.deployLocked("p", rec, []string{"test"})
	srv.mu.Unlock()
	before, _ := srv.Proxy("p", "spec")
	if !srv.SetProxyOperations("p", "spec", "GET /a", "delete /a/{id}") {
		t.Fatal("the hook did not find the proxy")
	}
	after, _ := srv.Proxy("p", "spec")
	if len(after.EndpointList) != 2 || after.EndpointList[0].ID != before.EndpointList[0].ID ||
		after.EndpointList[1].HTTPMethod != "DELETE" || after.EndpointList[1].Endpoint != "/a/{id}" {
		t.Errorf("got %+v after %+v", after.EndpointList, before.EndpointList)
	}
	if deployed, stale := srv.DeployState("p", "spec", "test"); !deployed || !stale {
		t.Errorf("deployed %v, redeploy required %v; want a stale deployment", deployed, stale)
	}
	if srv.SetProxyOperations("p", "plain", "GET /") || srv.SetProxyOperations("p", "gone", "GET /") {
		t.Error("the hook changed a proxy not made from a specification, or one that does not exist")
	}
}

// A path item that is a $ref within the document makes the operations of
// the item it points at; one that leads nowhere or out of it makes none.
func TestSpecDocumentPathItemRefs(t *testing.T) {
	doc := `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /orders:
    $ref: "#/components/pathItems/Orders"
  /again:
    $ref: "#/paths/~1orders"
  /nowhere:
    $ref: "#/components/pathItems/Gone"
  /elsewhere:
    $ref: "other.yaml#/Orders"
components:
  pathItems:
    Orders:
      get: {summary: List}
      post: {}
`
	ops, msg := parseSpecDocument([]byte(doc))
	if msg != "" {
		t.Fatal(msg)
	}
	var got []string
	for _, op := range ops {
		got = append(got, op.method+" "+op.path)
	}
	if want := "GET /orders,POST /orders,GET /again,POST /again"; strings.Join(got, ",") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// A JSON document is JSON whatever the YAML parser makes of it: the
// surrogate-pair escapes json.dumps writes for an emoji are valid JSON
// (and refused by YAML), numbers keep their text as YAML would read them,
// and a repeated key still counts once. Text that opens like JSON and is
// neither JSON nor YAML is still refused with that message.
func TestSpecDocumentJSONEscapes(t *testing.T) {
	emoji := `{"openapi": "3.0.3", "info": {"title": "Orders \ud83d\ude00", "version": "1"},
  "paths": {"/orders": {"get": {"summary": "List \ud83d\udce6"}, "get": {"summary": "again"}, "post": {"summary": 7.50}}}}`
	ops, msg := parseSpecDocument([]byte(emoji))
	want := []specOperation{{"GET", "/orders", "List \U0001F4E6"}, {"POST", "/orders", "7.50"}}
	if msg != "" || !reflect.DeepEqual(ops, want) {
		t.Errorf("surrogate pairs: %+v %q, want %+v", ops, msg, want)
	}
	for doc, wantMsg := range map[string]string{
		`{"swagger": 2.0, "info": {"title": "\ud83d\ude00"}, "paths": {}}`:   "",
		`{"openapi": 3.1, "info": {}, "paths": {}}`:                          `openapi "3.1" is not 3.0.x or 3.1.x`,
		`{"openapi": "3.1.0", "info": {}, "paths": {"/a": {"get": null}}}`:   "",
		`{"openapi": "3.1.0", "info": {}, "paths": {}} {"x": 1}`:             "neither JSON nor YAML",
		`{"openapi": "3.1.0", "info": {"title": "\ud83d\ude00"}, "paths": {`: "neither JSON nor YAML",
		`{openapi: 3.0.0, info: {}, paths: {}}`:                              "",
	} {
		if _, msg := parseSpecDocument([]byte(doc)); !strings.Contains(msg, wantMsg) || (wantMsg == "") != (msg == "") {
			t.Errorf("%s: %q, want %q", doc, msg, wantMsg)
		}
	}
	h := newHarness(t)
	if status, b := h.specFile("POST", metadata(nil), emoji, "demo-token"); status != 200 {
		t.Fatalf("create: %d %s", status, b)
	}
	if px, _ := h.proxyAt(ordersSpec); !reflect.DeepEqual(endpointPairs(px.EndpointList), []string{"GET /orders", "POST /orders"}) {
		t.Errorf("endpoints %+v", px.EndpointList)
	}
}
