package mockplatform

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

type harness struct {
	t    *testing.T
	srv  *Server
	url  string
	auth string
	csrf string
}

func newHarness(t *testing.T, change ...func(*Config)) *harness {
	t.Helper()
	cfg := testConfig()
	for _, c := range change {
		c(&cfg)
	}
	run := Start(t, cfg)
	return &harness{t: t, srv: run.Server, url: run.URL}
}

func (h *harness) do(method, path string, body []byte, header map[string]string) (int, []byte, http.Header) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header[k] = []string{v}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func (h *harness) login() {
	h.t.Helper()
	status, _, hdr := h.do(http.MethodPost, "/api/login",
		[]byte(`{"email":"ops@acme.example","password":"demo-password"}`), nil)
	if status != http.StatusOK {
		h.t.Fatalf("login: %d", status)
	}
	for _, c := range (&http.Response{Header: hdr}).Cookies() {
		switch c.Name {
		case "AtmoAuthToken_acmepaymentscorp":
			h.auth = c.Value
		case "Csrf-Token_acmepaymentscorp":
			h.csrf = c.Value
		}
	}
	if h.auth == "" || h.csrf == "" {
		h.t.Fatalf("login set no session cookies: %v", hdr)
	}
}

// catalog sends an authenticated /api/ request with the CSRF header.
func (h *harness) catalog(method, path string, body []byte) (int, []byte) {
	h.t.Helper()
	status, b, _ := h.do(method, path, body, map[string]string{
		"Cookie":                        "AtmoAuthToken_acmepaymentscorp=" + h.auth,
		"X-Csrf-Token_acmepaymentscorp": h.csrf,
	})
	return status, b
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (h *harness) createMinimal(name string) wire.API {
	h.t.Helper()
	status, b := h.catalog(http.MethodPost, "/api/apis",
		[]byte(`{"Name":"`+name+`","APIVersion":{"Name":"1.0"}}`))
	if status != http.StatusOK {
		h.t.Fatalf("create: %d %s", status, b)
	}
	var api wire.API
	if err := json.Unmarshal(b, &api); err != nil {
		h.t.Fatal(err)
	}
	return api
}

func TestSeedRequestBodiesAreAcceptedVerbatim(t *testing.T) {
	h := newHarness(t)
	h.login()
	api := h.createMinimal("acmepaymentscorp")
	if api.APIID == "" || api.LatestVersionID == "" || api.APIVersion.APIVersionID == "" {
		t.Fatalf("create did not assign IDs: %+v", api)
	}
	if api.Visibility != "Limited" || api.APIVersion.Type != "shttp" || api.APIVersion.Tag == nil {
		t.Fatalf("create did not fill defaults: %+v", api)
	}

	status, b := h.catalog(http.MethodPut, "/api/apis/"+api.APIID, readFile(t, "testdata/seed004_request1.json"))
	if status != http.StatusOK {
		t.Fatalf("sample #1: %d %s", status, b)
	}
	var got wire.API
	_ = json.Unmarshal(b, &got)
	if got.APIVersion.ProductionEndpoint != "http://acmepaymentscorp.broker.soa.com:80/payments" {
		t.Errorf("ProductionEndpoint = %q, want the Production endpoint's Uri as sent", got.APIVersion.ProductionEndpoint)
	}
	if got.LatestVersionID != api.LatestVersionID {
		t.Errorf("replacing version 1.0 changed LatestVersionID")
	}

	status, b = h.catalog(http.MethodPut, "/api/apis/"+api.APIID, readFile(t, "testdata/seed004_request2.json"))
	if status != http.StatusOK {
		t.Fatalf("sample #2: %d %s", status, b)
	}
	if n := len(h.srv.APIVersions(api.APIID)); n != 2 {
		t.Fatalf("the API has %d versions after sample #2, want 2", n)
	}
	status, b = h.catalog(http.MethodGet, "/api/apis/"+api.APIID, nil)
	_ = json.Unmarshal(b, &got)
	if status != 200 || got.APIVersion.Name != "1.2" || got.LatestVersionID == api.LatestVersionID || got.Name != "ACME Payments" {
		t.Errorf("GET after sample #2: %d, version %q, latest %q", status, got.APIVersion.Name, got.LatestVersionID)
	}
}

func TestCatalogAuth(t *testing.T) {
	h := newHarness(t)
	if status, _, _ := h.do(http.MethodGet, "/api/apis", nil, nil); status != http.StatusUnauthorized {
		t.Errorf("no session: %d, want 401", status)
	}
	if status, _, _ := h.do(http.MethodPost, "/api/login", []byte(`{"email":"ops@acme.example","password":"nope"}`), nil); status != 401 {
		t.Errorf("bad password: %d, want 401", status)
	}
	h.login()
	status, _, _ := h.do(http.MethodPost, "/api/apis", []byte(`{"Name":"x","APIVersion":{"Name":"1"}}`),
		map[string]string{"Cookie": "AtmoAuthToken_acmepaymentscorp=" + h.auth})
	if status != http.StatusUnauthorized {
		t.Errorf("POST without CSRF header: %d, want 401", status)
	}
	if status, _ := h.catalog(http.MethodGet, "/api/apis", nil); status != http.StatusOK {
		t.Errorf("GET with session: %d", status)
	}
	h.srv.ExpireSessions()
	if status, _ := h.catalog(http.MethodGet, "/api/apis", nil); status != http.StatusUnauthorized {
		t.Errorf("expired session: %d, want 401", status)
	}
}

func TestCatalogValidationAndConflicts(t *testing.T) {
	h := newHarness(t)
	h.login()
	bad := map[string]string{
		"not JSON":           `{"Name":`,
		"no name":            `{"APIVersion":{"Name":"1"}}`,
		"no version":         `{"Name":"a"}`,
		"bad visibility":     `{"Name":"a","Visibility":"Secret","APIVersion":{"Name":"1"}}`,
		"relative uri":       `{"Name":"a","APIVersion":{"Name":"1","Endpoints":{"Endpoint":[{"Uri":"/x","Category":"Production"}]}}}`,
		"bad category":       `{"Name":"a","APIVersion":{"Name":"1","Endpoints":{"Endpoint":[{"Uri":"http://x","Category":"Staging"}]}}}`,
		"bad method":         `{"Name":"a","APIVersion":{"Name":"1","Operations":{"Operation":[{"Name":"o","Method":"FETCH"}]}}}`,
		"bad target uri":     `{"Name":"a","APIVersion":{"Name":"1","TargetAPI":{"Endpoints":{"Endpoint":[{"Uri":"ftp://x","Category":"Sandbox"}]}}}}`,
		"name of wrong type": `{"Name":5,"APIVersion":{"Name":"1"}}`,
	}
	for name, body := range bad {
		if status, b := h.catalog(http.MethodPost, "/api/apis", []byte(body)); status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", name, status, b)
		}
	}
	h.createMinimal("dup")
	if status, _ := h.catalog(http.MethodPost, "/api/apis", []byte(`{"Name":"dup","APIVersion":{"Name":"1"}}`)); status != http.StatusConflict {
		t.Errorf("duplicate name: %d, want 409", status)
	}
	if status, _ := h.catalog(http.MethodGet, "/api/apis/api1.nope", nil); status != http.StatusNotFound {
		t.Errorf("unknown API: %d, want 404", status)
	}
	if status, _ := h.catalog(http.MethodDelete, "/api/apis/api1.nope", nil); status != http.StatusNotFound {
		t.Errorf("delete unknown API: %d, want 404", status)
	}
}

func TestProxyRoutingErrors(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Tokens = append(c.Tokens, Token{Value: "reader"}) })
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
	path := "/apiops/projects/ecommerce/apiProxies/orders-api/settings/addresses/"
	cases := []struct {
		name   string
		method string
		path   string
		body   string
		token  string
		want   int
	}{
		{"no token", "GET", "/apiops/projects/ecommerce/apiProxies/orders-api/", "", "", 401},
		{"unknown token", "GET", "/apiops/projects/ecommerce/apiProxies/orders-api/", "", "nope", 401},
		{"unknown proxy", "GET", "/apiops/projects/ecommerce/apiProxies/MyAPI/", "", "demo-token", 404},
		{"unknown project", "GET", "/apiops/projects/nope/apiProxies/orders-api/", "", "demo-token", 404},
		{"no trailing slash", "GET", "/apiops/projects/ecommerce/apiProxies/orders-api", "", "demo-token", 404},
		{"no permission", "PUT", path, `{"routingAddressList":[]}`, "reader", 403},
		{"missing list", "PUT", path, `{}`, "demo-token", 400},
		{"missing address", "PUT", path, `{"routingAddressList":[{"weight":1}]}`, "demo-token", 400},
		{"relative address", "PUT", path, `{"routingAddressList":[{"address":"/x"}]}`, "demo-token", 400},
		{"bad soap type", "PUT", path, `{"routingAddressList":[{"address":"http://x","soapType":"SOAP3"}]}`, "demo-token", 400},
		{"zero weight", "PUT", path, `{"routingAddressList":[{"address":"http://x","weight":0}]}`, "demo-token", 400},
		{"list is not an array", "PUT", path, `{"routingAddressList":{}}`, "demo-token", 400},
		{"DELETE not allowed", "DELETE", path, ``, "demo-token", 405},
	}
	for _, tc := range cases {
		var body []byte
		if tc.body != "" {
			body = []byte(tc.body)
		}
		status, b, _ := h.do(tc.method, tc.path, body, bearer(tc.token))
		if status != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, status, b, tc.want)
		}
		var env map[string]any
		if err := json.Unmarshal(b, &env); err != nil || env["error_description"] == "" {
			t.Errorf("%s: error body %s is not the documented envelope", tc.name, b)
		}
	}
	status, _, _ := h.do("PUT", path, []byte(`{"routingAddressList":[{"address":"http://x","soapType":"SOAP12"}]}`), bearer("demo-token"))
	px, _ := h.srv.Proxy("ecommerce", "orders-api")
	if status != 200 || len(px.Routing.RoutingAddressList) != 1 || px.Routing.RoutingAddressList[0].SoapType != "" || px.Routing.RoutingAddressList[0].Weight != 1 {
		t.Errorf("REST proxy update: %d %+v, want soapType dropped and weight 1", status, px.Routing.RoutingAddressList)
	}
}

// A body too large to read is 400 in the envelope of its surface: the
// catalog's on /api/, the release's §2.3 one on /apiops/ (the file form
// takes a larger body, and is refused above its own bound).
func TestBodyTooLarge(t *testing.T) {
	for name, variant := range variants {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, variant)
			huge := bytes.Repeat([]byte(" "), maxSpecBody+1)
			for _, path := range []string{ordersAPI + "settings/addresses/", specFilePath} {
				status, b, _ := h.do("PATCH", path, huge, map[string]string{"Authorization": "Bearer demo-token"})
				if msg := errorMessage(t, name, b); status != 400 || !strings.Contains(msg, "too large") {
					t.Errorf("%s: %d %s", path, status, b)
				}
			}
			status, b, _ := h.do("POST", "/api/apis", huge[:maxBody+1], nil)
			var catalog wire.CatalogError
			if status != 400 || json.Unmarshal(b, &catalog) != nil || catalog.Code != 400 || !strings.Contains(catalog.Message, "too large") {
				t.Errorf("/api/: %d %s", status, b)
			}
		})
	}
}

func TestConcurrentRequests(t *testing.T) {
	h := newHarness(t)
	h.login()
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "api-" + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + string(rune('a'+i/26))
			status, b := h.catalog(http.MethodPost, "/api/apis", []byte(`{"Name":"`+name+`","APIVersion":{"Name":"1.0"}}`))
			if status != http.StatusOK {
				t.Errorf("create %s: %d %s", name, status, b)
			}
			h.do("PUT", "/apiops/projects/ecommerce/apiProxies/orders-api/settings/addresses/",
				[]byte(`{"routingAddressList":[{"address":"http://x"}]}`), map[string]string{"Authorization": "Bearer demo-token"})
		}()
	}
	wg.Wait()
	if n := len(h.srv.APIs()); n != 40 {
		t.Errorf("%d APIs, want 40", n)
	}
	if n := len(h.srv.Requests()); n != 81 {
		t.Errorf("%d requests logged, want 81", n)
	}
}

// fuzzVariants are the manager variants every fuzz input is served by.
var fuzzVariants = []func(*Config){
	func(*Config) {},
	func(c *Config) { c.NewerManager = true },
	latest,
}

// fuzzServer is a mock of a variant with an AI proxy and an API of two
// versions, whose IDs it returns; IDs are the same on every call.
func fuzzServer(variant func(*Config)) (srv *Server, apiID, versionID string) {
	cfg := DemoConfig()
	cfg.ReverseLists = true
	withAIProxy(&cfg)
	variant(&cfg)
	srv = New(cfg)
	srv.specClient = &http.Client{Transport: fuzzSpecs{}}
	srv.sessions["a"] = &session{csrf: "c", expires: srv.now().Add(srv.cfg.SessionTTL)}
	apiID = srv.seedAPI("existing")
	versionID = srv.AddVersion(apiID, wire.APIVersion{Name: "2.0"})
	return srv, apiID, versionID
}

// fuzzSpecs answers every specUrl fetch of a fuzz input without a network:
// the path is the document.
type fuzzSpecs struct{}

func (fuzzSpecs) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: r,
		Body: io.NopCloser(strings.NewReader(strings.TrimPrefix(r.URL.Path, "/")))}, nil
}

// fuzzBoundary marks a fuzz body as multipart, for the file form.
const fuzzBoundary = "fuzzboundary"

func fuzzMultipart(meta, doc string) []byte {
	return []byte("--" + fuzzBoundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n" + meta +
		"\r\n--" + fuzzBoundary + "\r\nContent-Disposition: form-data; name=\"specFile\"; filename=\"a.yaml\"\r\n\r\n" + doc +
		"\r\n--" + fuzzBoundary + "--\r\n")
}

func FuzzServeHTTP(f *testing.F) {
	_, apiID, vid := fuzzServer(fuzzVariants[0])
	f.Add("PUT", "/api/apis/"+apiID, []byte(`{"Name":"a","APIVersion":{"Name":"1"}}`))
	f.Add("POST", "/api/apis", []byte(`{"Name":"a","APIVersion":{"Name":"1","TargetAPI":{}}}`))
	f.Add("POST", "/api/login", []byte(`{"email":"ops@acme.example","password":"demo-password"}`))
	f.Add("GET", "/api/apis/"+apiID+"/versions", []byte(nil))
	f.Add("POST", "/api/apis/"+apiID+"/versions", []byte(`{"Name":"3.0","Endpoints":{"Endpoint":[{"Uri":"http://x","Category":"Sandbox"}]}}`))
	f.Add("PUT", "/api/apis/versions/"+vid, []byte(`{"Name":"1.0"}`))
	f.Add("DELETE", "/api/apis/versions/"+vid, []byte(nil))
	f.Add("GET", "/api/apis/versions/%2F", []byte(nil))
	f.Add("GET", "/api/apis/versions/versions", []byte(nil))
	f.Add("PATCH", "/apiops/projects/ecommerce/apiProxies/billing-soap/settings/addresses/", []byte(`{"routingAddressList":[{"address":"http://x","weight":-1}]}`))
	f.Add("PATCH", "/apiops/projects/ecommerce/apiProxies/orders-api/settings/addresses/", []byte(`{"routingAddressList":[{"address":"http://x","addressType":"CANARY","healthCheckPath":"/h","healthMonitoringEnabled":null}]}`))
	f.Add("PATCH", "/apiops/projects/ecommerce/apiProxies/assistant/settings/routing-status/", []byte(`{"routingEnabled":false}`))
	f.Add("GET", "/apiops/projects/%zz/apiProxies/x/", []byte(nil))
	f.Add("PATCH", "/apiops/projects/ecommerce/apiProxies/orders-api/settings/routing-status/", []byte(`{"routingEnabled":null,"deploy":true,"deployTargetEnvironmentNameList":[]}`))
	f.Add("POST", "/apiops/projects/ecommerce/apiProxies/orders-api/environments/production/", []byte(nil))
	f.Add("GET", "/apiops/projects/ecommerce/apiProxies/orders-api/environments//deploy-status/", []byte(nil))
	f.Add("GET", "/apiops/projects/ecommerce/apiProxies/orders-api/environments/production/route-health/", []byte(nil))
	f.Add("GET", "/apiops/projects/ecommerce/apiProxies/orders-api/environments/%zz/route-health/", []byte(nil))
	f.Add("GET", "/apiops/projects/", []byte(nil))
	f.Add("GET", "/apiops/projects/ecommerce/environments/", []byte(nil))
	f.Add("GET", "/apiops/projects/%2F/environments/", []byte(nil))
	meta := `{"apiProxyName":"orders-spec","apiProxyCreationType":"OPEN_API","clientRoute":{"relativePathList":["/orders"]},` +
		`"routingInfo":{"routingAddressList":[{"address":"http://b"}]},"deploy":true,"deployTargetEnvironmentNameList":["test"]}`
	f.Add("POST", "/apiops/projects/ecommerce/apiProxies/file/", fuzzMultipart(meta, "openapi: 3.0.0\ninfo: {}\npaths: {/a: {get: {summary: s}}}"))
	f.Add("PUT", "/apiops/projects/ecommerce/apiProxies/file/", fuzzMultipart(`{"apiProxyName":"orders-api","apiProxyCreationType":"SWAGGER","reParse":true}`, `{"swagger":"2.0","info":{},"paths":{}}`))
	f.Add("POST", "/apiops/projects/ecommerce/apiProxies/file/", fuzzMultipart(`{"clientRoute":null,"routingInfo":[]}`, "openapi: 3.1.0\ninfo: &a {}\nwebhooks: *a"))
	f.Add("POST", "/apiops/projects/ecommerce/apiProxies/url/", []byte(`{"apiProxyName":"u","apiProxyCreationType":"OPEN_API","specUrl":"http://docs/openapi: 3.0.0","clientRoute":{"relativePathList":["/u"]}}`))
	f.Add("PUT", "/apiops/projects/ecommerce/apiProxies/url/", []byte(`{"apiProxyName":"assistant","apiProxyCreationType":"OPEN_API","specUrl":"http://docs/x","reParse":true}`))
	f.Add("DELETE", "/apiops/projects/ecommerce/apiProxies/assistant/", []byte(nil))
	f.Add("DELETE", "/apiops/projects/ecommerce/apiProxies/file/", []byte(nil))
	f.Fuzz(func(t *testing.T, method, path string, body []byte) {
		for _, variant := range fuzzVariants {
			srv, _, _ := fuzzServer(variant)
			req, err := http.NewRequest(method, "http://mock"+path, bytes.NewReader(body))
			if err != nil {
				return
			}
			req.Header.Set("Content-Type", "application/json")
			if bytes.HasPrefix(body, []byte("--"+fuzzBoundary)) {
				req.Header.Set("Content-Type", "multipart/form-data; boundary="+fuzzBoundary)
			}
			req.Header.Set("Authorization", "Bearer demo-token")
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
