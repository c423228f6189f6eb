package mockplatform

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

// FuzzCatalogBody sends arbitrary bodies to an authenticated catalog, the
// way a client with a valid session would: decoding and validation must
// answer, never panic.
func FuzzCatalogBody(f *testing.F) {
	for _, name := range []string{"testdata/seed004_request1.json", "testdata/seed004_request2.json", "testdata/seed004_response.json"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(uint8(1), b)
		}
	}
	f.Add(uint8(0), []byte(`{"Name":"a","APIVersion":{"Name":"1","TargetAPI":{"Endpoints":{"Endpoint":[{}]}}}}`))
	f.Add(uint8(0), []byte(`{"Name":"a","APIVersion":{"Name":"1","Tag":null,"Endpoints":null}}`))
	f.Add(uint8(1), []byte(`{"Name":"a","APIVersion":{"Name":"1","Operations":{"Operation":[{"Input":[{}]}]}}}`))
	f.Add(uint8(0), []byte(`[]`))
	f.Add(uint8(0), []byte(`{"Name":"2.0"}`))
	f.Add(uint8(1), []byte(`{"Name":"1.0","Visibility":"Public","TargetAPI":null}`))
	f.Add(uint8(0), []byte(`null`))
	methods := []string{http.MethodPost, http.MethodPut, http.MethodGet, http.MethodDelete, http.MethodPatch}
	f.Fuzz(func(t *testing.T, m uint8, body []byte) {
		method := methods[int(m)%len(methods)]
		srv, existing, version := fuzzServer(fuzzVariants[0])
		for _, path := range []string{"/api/apis", "/api/apis/" + existing, "/api/apis/" + existing + "/versions", "/api/apis/versions/" + version} {
			req := httptest.NewRequest(method, path, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Cookie", "AtmoAuthToken_acmepaymentscorp=a")
			req.Header.Set("X-Csrf-Token_acmepaymentscorp", "c")
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code == 0 || rec.Code >= 500 {
				t.Fatalf("%s %s answered %d", method, path, rec.Code)
			}
		}
	})
}

// FuzzRoutingBody does the same for the routing-address update, on every
// variant and proxy type; the latest variant refuses PUT.
func FuzzRoutingBody(f *testing.F) {
	f.Add([]byte(`{"routingAddressList":[{"address":"https://backend1.example.com","weight":3,"soapType":"SOAP12"}]}`))
	f.Add([]byte(`{"routingAddressList":[{"address":"http://x","weight":-1}]}`))
	f.Add([]byte(`{"routingAddressList":null}`))
	f.Add([]byte(`{"routingAddressList":[null,{"soapType":null}]}`))
	f.Add([]byte(`{"routingAddressList":[],"deploy":true,"deployTargetEnvironmentNameList":["production",null]}`))
	f.Add([]byte(`{"routingAddressList":[],"deploy":"yes","deployTargetEnvironmentNameList":"production"}`))
	f.Add([]byte(`{"routingAddressList":[{"address":"http://a","addressType":"MIRROR","healthCheckPath":"x","description":null}]}`))
	f.Add([]byte(`{"routingAddressList":[{"address":"http://a","healthMonitoringEnabled":true},{"address":"http://b","addressType":""}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, variant := range fuzzVariants {
			srv, _, _ := fuzzServer(variant)
			for _, proxy := range []string{"orders-api", "billing-soap", "assistant"} {
				req := httptest.NewRequest(http.MethodPatch, "/apiops/projects/ecommerce/apiProxies/"+proxy+"/settings/addresses/", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer demo-token")
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
					t.Fatalf("answered %d to %q", rec.Code, body)
				}
			}
		}
	})
}

// FuzzSpecDocument feeds arbitrary documents to the reader of
// wire/PROTOCOL.md §2.9: it answers with operations or a message, never
// both, never neither, and never panics.
func FuzzSpecDocument(f *testing.F) {
	for _, doc := range []string{ordersYAML, ordersV2YAML, petstoreJSON, "", "null", "[1]", "openapi: 3.1\ninfo: {}\npaths: {}",
		"openapi: 3.1.0\ninfo: {}\nwebhooks: {}", "swagger: 2.0\ninfo: {}\npaths: {/a: {get: *x}}",
		"openapi: 3.0.0\ninfo: &i {}\npaths: {/a: &p {get: {summary: *i}}, /b: *p}", "a: &a [*a]", "{\"openapi\": \"3.0.0\", \"info\": {}, \"paths\": {\"/a\": {\"get\": {}, \"get\": {}}}}"} {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		ops, msg := parseSpecDocument(doc)
		if (ops == nil) == (msg == "") {
			t.Fatalf("%q: operations %v and message %q", doc, ops, msg)
		}
	})
}
