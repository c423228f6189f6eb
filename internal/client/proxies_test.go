package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	. "github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const (
	specFile   = "/apiops/projects/ecommerce/apiProxies/file/"
	specURL    = "/apiops/projects/ecommerce/apiProxies/url/"
	ordersSpec = "/apiops/projects/ecommerce/apiProxies/orders-spec/"
)

const ordersDoc = `openapi: 3.0.3
info: {title: Orders, version: "1.0"}
paths:
  /orders:
    get: {summary: List orders}
    post: {summary: Create an order}
`

const ordersV2Doc = `{"openapi": "3.1.0", "info": {"title": "Orders", "version": "2.0"},
  "paths": {"/orders": {"get": {}}, "/orders/{id}": {"patch": {"summary": "Change an order"}}}}`

// ordersMeta is the metadata of orders-spec, deploying to envs when any.
func ordersMeta(envs ...string) wire.SpecProxyMetadata {
	m := wire.SpecProxyMetadata{APIProxyName: "orders-spec", APIProxyCreationType: wire.CreationOpenAPI,
		APIProxyDescription: "Orders", ClientRoute: &wire.ClientRoute{RelativePathList: []string{"/orders"}}}
	if len(envs) > 0 {
		m.Deploy = wire.Deploy{Deploy: true, DeployTargetEnvironmentNameList: envs}
	}
	return m
}

func document(doc string) ProxySource { return ProxySource{Document: []byte(doc)} }

// docServer serves documents for the url form by path.
func docServer(t *testing.T) string {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/orders.yaml":
			_, _ = w.Write([]byte(ordersDoc))
		case "/orders-v2.json":
			_, _ = w.Write([]byte(ordersV2Doc))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(hs.Close)
	return hs.URL
}

func pairs(list []wire.ProxyEndpoint) []string {
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, e.HTTPMethod+" "+e.Endpoint)
	}
	slices.Sort(out)
	return out
}

// uploadParts reads the parts of a recorded multipart request.
func uploadParts(t *testing.T, r mockplatform.Request) map[string]*multipartPart {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("Content-Type %q", r.Header.Get("Content-Type"))
	}
	out := map[string]*multipartPart{}
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		out[p.FormName()] = &multipartPart{fileName: p.FileName(), contentType: p.Header.Get("Content-Type"), body: b}
	}
}

type multipartPart struct {
	fileName, contentType string
	body                  []byte
}

func lastRequest(m *mock, method, path string) mockplatform.Request {
	var out mockplatform.Request
	for _, r := range m.Requests() {
		if r.Method == method && r.Path == path {
			out = r
		}
	}
	return out
}

func TestCreateAPIProxy(t *testing.T) {
	docs := docServer(t)
	for name, variant := range managerVariants {
		t.Run(name, func(t *testing.T) {
			m := newMock(t, variant)
			c := m.client(t)
			ctx := context.Background()
			out, err := c.CreateAPIProxy(ctx, "ecommerce", ordersMeta("test"), document(ordersDoc))
			if err != nil || !reflect.DeepEqual(out, []DeployOutcome{{Environment: "test", Deployed: true}}) {
				t.Fatalf("create: %+v, %v", out, err)
			}
			px, err := c.GetAPIProxy(ctx, "ecommerce", "orders-spec")
			if err != nil || px.APIType != "REST" || px.Description != "Orders" || !reflect.DeepEqual(pairs(px.EndpointList), []string{"GET /orders", "POST /orders"}) ||
				px.ClientRoute == nil || !reflect.DeepEqual(px.ClientRoute.RelativePathList, []string{"/orders"}) {
				t.Fatalf("read back: %+v, %v", px, err)
			}
			parts := uploadParts(t, lastRequest(m, http.MethodPost, specFile))
			var sent map[string]any
			if parts["metadata"] == nil || parts["metadata"].contentType != "application/json" || json.Unmarshal(parts["metadata"].body, &sent) != nil ||
				sent["apiProxyName"] != "orders-spec" || sent["deploy"] != true || sent["specUrl"] != nil || sent["reParse"] != nil {
				t.Fatalf("metadata part %+v", parts["metadata"])
			}
			if doc := parts["specFile"]; doc == nil || doc.fileName != "openapi.yaml" || string(doc.body) != ordersDoc {
				t.Fatalf("specFile part %+v", doc)
			}

			meta := ordersMeta()
			meta.APIProxyName, meta.APIProxyCreationType = "from-url", wire.CreationOpenAPI
			if out, err := c.CreateAPIProxy(ctx, "ecommerce", meta, ProxySource{URL: docs + "/orders-v2.json"}); err != nil || out != nil {
				t.Fatalf("create from a URL: %+v, %v", out, err)
			}
			var body map[string]any
			if err := json.Unmarshal(lastRequest(m, http.MethodPost, specURL).Body, &body); err != nil || body["specUrl"] != docs+"/orders-v2.json" {
				t.Fatalf("url form body: %v", body)
			}
			for _, src := range []ProxySource{{}, {Document: []byte(ordersDoc), URL: docs + "/orders.yaml"}} {
				if _, err := c.CreateAPIProxy(ctx, "ecommerce", meta, src); err == nil {
					t.Errorf("source %+v was taken", src)
				}
			}
			if n := m.CountRequests(http.MethodPost, "/apiops/"); n != 2 {
				t.Errorf("%d POSTs, want one per create with a valid source", n)
			}
		})
	}
}

// A taken name, without a lost create before, is a *ProxyExistsError; an
// unknown environment is an *UnknownEnvironmentError, not "not found".
func TestCreateAPIProxyRefusals(t *testing.T) {
	for name, variant := range managerVariants {
		t.Run(name, func(t *testing.T) {
			m := newMock(t, variant)
			c := m.client(t)
			ctx := context.Background()
			meta := ordersMeta()
			meta.APIProxyName = "orders-api"
			_, err := c.CreateAPIProxy(ctx, "ecommerce", meta, document(ordersDoc))
			var exists *ProxyExistsError
			if !errors.As(err, &exists) || exists.ExistingID != "ecommerce/orders-api" || StatusCode(err) != 400 ||
				exists.Subject() != `an API proxy named "orders-api" in project "ecommerce"` {
				t.Fatalf("taken name: %v", err)
			}
			if n := m.CountRequests("", "/apiops/"); n != 1 {
				t.Errorf("%d requests for a taken name, want the POST alone", n)
			}
			_, err = c.CreateAPIProxy(ctx, "ecommerce", ordersMeta("test", "prod"), document(ordersDoc))
			var unknown *UnknownEnvironmentError
			if !errors.As(err, &unknown) || unknown.Environment != "prod" || errors.Is(err, ErrNotFound) || StatusCode(err) != 400 {
				t.Fatalf("unknown environment: %v (not found: %v)", err, errors.Is(err, ErrNotFound))
			}
			if _, err := c.CreateAPIProxy(ctx, "nope", ordersMeta(), document(ordersDoc)); !errors.Is(err, ErrNotFound) {
				t.Errorf("missing project: %v", err)
			}
			if slices.Contains(m.ProxyNames("ecommerce"), "orders-spec") {
				t.Fatal("a refused create made the proxy")
			}
		})
	}
}

// notYetThere answers the first GET of orders-spec with the variant's "not
// found", as a platform still making the proxy would.
func notYetThere(newer bool) func(http.Handler) http.Handler {
	var served atomic.Bool
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || r.URL.Path != ordersSpec || served.Swap(true) {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			if newer {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"status": "FAILURE", "resultMessage": "ApiProxy (name: orders-spec) was not found!"}`))
				return
			}
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error": "not_found", "error_description": "ApiProxy (name: orders-spec) was not found!"}`))
		})
	}
}

// A deploying create whose outcome is unknown yields one proxy, deployed
// once to each environment, however the answer was lost.
func TestLostCreateAPIProxy(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fault   mockplatform.Fault
		hideGet bool // the first read by name finds nothing yet
		posts   int
	}{
		{"answer dropped", mockplatform.Fault{DropAfter: true}, false, 1},
		{"answer cut", mockplatform.Fault{CutAnswer: true}, false, 1},
		{"500 before acting", mockplatform.Fault{Status: http.StatusInternalServerError}, false, 2},
		{"connection dropped before acting", mockplatform.Fault{DropBefore: true}, false, 2},
		{"answer dropped, the read too early", mockplatform.Fault{DropAfter: true}, true, 2},
	} {
		for name, variant := range managerVariants {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				cfg := mockplatform.DemoConfig()
				variant(&cfg)
				var wrap func(http.Handler) http.Handler
				if tc.hideGet {
					wrap = notYetThere(name != "classic")
				}
				m := &mock{mockplatform.StartHandler(t, mockplatform.New(cfg), wrap)}
				m.InjectFaults(http.MethodPost, specFile, tc.fault)
				out, err := m.client(t).CreateAPIProxy(context.Background(), "ecommerce", ordersMeta("test", "production"), document(ordersDoc))
				want := []DeployOutcome{{Environment: "test", Deployed: true}, {Environment: "production", Deployed: true}}
				if err != nil || !reflect.DeepEqual(out, want) {
					t.Fatalf("%+v, %v", out, err)
				}
				if n := m.CountRequests(http.MethodPost, specFile); n != tc.posts {
					t.Errorf("%d POSTs, want %d", n, tc.posts)
				}
				for _, env := range []string{"test", "production"} {
					if n := m.Deployments("ecommerce", "orders-spec", env); n != 1 {
						t.Errorf("%d deployments to %s, want 1", n, env)
					}
				}
			})
		}
	}
}

func TestReparseAPIProxy(t *testing.T) {
	docs := docServer(t)
	for name, variant := range managerVariants {
		t.Run(name, func(t *testing.T) {
			m := newMock(t, variant)
			c := m.client(t)
			ctx := context.Background()
			if _, err := c.CreateAPIProxy(ctx, "ecommerce", ordersMeta("test"), document(ordersDoc)); err != nil {
				t.Fatal(err)
			}
			m.InjectFaults(http.MethodPut, specFile, mockplatform.Fault{Status: http.StatusInternalServerError})
			meta := wire.SpecProxyMetadata{APIProxyName: "orders-spec", APIProxyCreationType: wire.CreationOpenAPI}
			if out, err := c.ReparseAPIProxy(ctx, "ecommerce", meta, document(ordersV2Doc)); err != nil || out != nil {
				t.Fatalf("re-parse: %+v, %v", out, err)
			}
			if n := m.CountRequests(http.MethodPut, specFile); n != 2 {
				t.Errorf("%d PUTs: a re-parse that deploys nothing is repeated after a 500", n)
			}
			parts := uploadParts(t, lastRequest(m, http.MethodPut, specFile))
			if !strings.Contains(string(parts["metadata"].body), `"reParse":true`) || parts["specFile"].fileName != "openapi.json" {
				t.Errorf("re-parse sent %s as %s", parts["metadata"].body, parts["specFile"].fileName)
			}
			px, _ := c.GetAPIProxy(ctx, "ecommerce", "orders-spec")
			if px.Description != "Orders" || !reflect.DeepEqual(pairs(px.EndpointList), []string{"GET /orders", "PATCH /orders/{id}"}) {
				t.Fatalf("after re-parse: %+v", px)
			}
			if deployed, stale := m.DeployState("ecommerce", "orders-spec", "test"); !deployed || !stale {
				t.Fatalf("test after a re-parse: deployed %v, stale %v", deployed, stale)
			}
			meta.Deploy = wire.Deploy{Deploy: true, DeployTargetEnvironmentNameList: []string{"test"}}
			out, err := c.ReparseAPIProxy(ctx, "ecommerce", meta, ProxySource{URL: docs + "/orders.yaml"})
			if err != nil || !reflect.DeepEqual(out, []DeployOutcome{{Environment: "test", Deployed: true}}) {
				t.Fatalf("deploying re-parse from a URL: %+v, %v", out, err)
			}
			if deployed, stale := m.DeployState("ecommerce", "orders-spec", "test"); !deployed || stale {
				t.Fatalf("test after a deploying re-parse: deployed %v, stale %v", deployed, stale)
			}

			missing := meta
			missing.APIProxyName = "nope"
			if _, err := c.ReparseAPIProxy(ctx, "ecommerce", missing, document(ordersDoc)); !errors.Is(err, ErrNotFound) {
				t.Errorf("a missing proxy: %v", err)
			}
			seeded := wire.SpecProxyMetadata{APIProxyName: "orders-api", APIProxyCreationType: wire.CreationOpenAPI}
			if _, err := c.ReparseAPIProxy(ctx, "ecommerce", seeded, document(ordersDoc)); StatusCode(err) != 400 || errors.Is(err, ErrNotFound) {
				t.Errorf("a proxy not made from a specification: %v", err)
			}
			unknown := meta
			unknown.DeployTargetEnvironmentNameList = []string{"prod"}
			var ue *UnknownEnvironmentError
			if _, err := c.ReparseAPIProxy(ctx, "ecommerce", unknown, document(ordersDoc)); !errors.As(err, &ue) || errors.Is(err, ErrNotFound) {
				t.Errorf("an unknown environment: %v", err)
			}
		})
	}
}

// A deploying re-parse whose outcome is unknown is never sent again with
// its deployment: it is re-parsed again without, and each environment is
// then deployed where its deploy status says it is needed.
func TestLostDeployingReparse(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault mockplatform.Fault
		// deployments each environment has had in the end: the lost
		// re-parse's own when it acted, and the one after the repeat,
		// which made that one stale (a re-parse always does).
		deployments int
	}{
		{"answer dropped", mockplatform.Fault{DropAfter: true}, 2},
		{"502 before acting", mockplatform.Fault{Status: http.StatusBadGateway}, 1},
	} {
		for name, variant := range managerVariants {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				m := newMock(t, variant)
				c := m.client(t)
				ctx := context.Background()
				if _, err := c.CreateAPIProxy(ctx, "ecommerce", ordersMeta(), document(ordersDoc)); err != nil {
					t.Fatal(err)
				}
				m.InjectFaults(http.MethodPut, specFile, tc.fault)
				meta := ordersMeta("test", "production")
				out, err := c.ReparseAPIProxy(ctx, "ecommerce", meta, document(ordersV2Doc))
				want := []DeployOutcome{{Environment: "test", Deployed: true}, {Environment: "production", Deployed: true}}
				if err != nil || !reflect.DeepEqual(out, want) {
					t.Fatalf("%+v, %v", out, err)
				}
				var puts []string
				for _, r := range m.Requests() {
					if r.Method == http.MethodPut {
						puts = append(puts, string(uploadParts(t, r)["metadata"].body))
					}
				}
				if len(puts) != 2 || !strings.Contains(puts[0], `"deploy":true`) || strings.Contains(puts[1], `"deploy"`) {
					t.Fatalf("PUTs %v: want the deploying one, then one without deploy", puts)
				}
				for _, env := range []string{"test", "production"} {
					if n := m.Deployments("ecommerce", "orders-spec", env); n != tc.deployments {
						t.Errorf("%d deployments to %s, want %d", n, env, tc.deployments)
					}
					if deployed, stale := m.DeployState("ecommerce", "orders-spec", env); !deployed || stale {
						t.Errorf("%s: deployed %v, stale %v", env, deployed, stale)
					}
				}
			})
		}
	}
}

func TestDeleteAPIProxy(t *testing.T) {
	for name, variant := range managerVariants {
		t.Run(name, func(t *testing.T) {
			m := newMock(t, variant, func(c *mockplatform.Config) {
				c.Projects[0].Proxies = append(c.Projects[0].Proxies, mockplatform.Proxy{Name: "assistant", APIType: "AI"})
			})
			c := m.client(t)
			ctx := context.Background()
			if _, err := c.CreateAPIProxy(ctx, "ecommerce", ordersMeta("test"), document(ordersDoc)); err != nil {
				t.Fatal(err)
			}
			m.FailUndeployments("ecommerce", "production", "Gateway pods unreachable", 1)
			out, err := c.DeleteAPIProxy(ctx, "ecommerce", "orders-spec")
			want := []UndeployOutcome{{Environment: "test", Undeployed: true, Message: "Undeployment successful"},
				{Environment: "production", Message: "Gateway pods unreachable"}}
			if err != nil || !reflect.DeepEqual(out, want) {
				t.Fatalf("delete: %+v, %v", out, err)
			}
			if _, err := c.GetAPIProxy(ctx, "ecommerce", "orders-spec"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("after the delete: %v", err)
			}
			if _, err := c.DeleteAPIProxy(ctx, "ecommerce", "orders-spec"); !errors.Is(err, ErrNotFound) {
				t.Errorf("a delete of what is not there: %v", err)
			}
			if out, err := c.DeleteAPIProxy(ctx, "ecommerce", "assistant"); err != nil || len(out) != 2 {
				t.Errorf("an AI proxy: %+v, %v", out, err)
			}

			// A lost answer: the repeat meets "not found", and that is success.
			m.InjectFaults(http.MethodDelete, "/apiops/", mockplatform.Fault{DropAfter: true})
			if out, err := c.DeleteAPIProxy(ctx, "ecommerce", "orders-api"); err != nil || out != nil {
				t.Fatalf("delete with a lost answer: %+v, %v", out, err)
			}
			// A 500 before acting: the repeat deletes, with its outcomes.
			m.InjectFaults(http.MethodDelete, "/apiops/", mockplatform.Fault{Status: http.StatusInternalServerError})
			if out, err := c.DeleteAPIProxy(ctx, "ecommerce", "billing-soap"); err != nil || len(out) != 2 {
				t.Fatalf("delete after a 500: %+v, %v", out, err)
			}
			if n := m.CountRequests(http.MethodDelete, "/apiops/"); n != 7 {
				t.Errorf("%d DELETEs, want 7: two repeats", n)
			}
			if names := m.ProxyNames("ecommerce"); slices.ContainsFunc(names, func(n string) bool {
				return slices.Contains([]string{"orders-spec", "assistant", "orders-api", "billing-soap"}, n)
			}) {
				t.Errorf("left %v", names)
			}
		})
	}
}

// The request log shows an upload by its size, not the document, and the
// metadata on its own line.
func TestUploadIsLoggedBySize(t *testing.T) {
	m := newMock(t)
	c := m.client(t)
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	doc := ordersDoc + "  /padding:\n    get: {summary: " + strings.Repeat("UNLOGGED", 2000) + "}\n"
	if _, err := c.CreateAPIProxy(ctx, "ecommerce", ordersMeta(), document(doc)); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if strings.Contains(out, "UNLOGGED") || !strings.Contains(out, "(multipart/form-data, ") ||
		!strings.Contains(out, `"specification_bytes":`) || !strings.Contains(out, `apiProxyName`) {
		t.Fatalf("log (%d bytes) shows the document, or not the upload's size and metadata", len(out))
	}
	if !strings.Contains(out, "Sending request to the platform") {
		t.Fatal("the transport logged nothing: the test would prove nothing")
	}
}
