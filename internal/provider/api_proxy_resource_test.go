package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

const (
	catalogAddr  = "platform_api_proxy.catalog"
	catalogPath  = "/apiops/projects/ecommerce/apiProxies/catalog-api/"
	specFilePath = "/apiops/projects/ecommerce/apiProxies/file/"
	specURLPath  = "/apiops/projects/ecommerce/apiProxies/url/"
)

// catalogV1 is an OpenAPI 3.0 document of three operations; catalogV2 adds
// DELETE /items/{id} and drops POST /items.
const (
	catalogV1 = `openapi: 3.0.3
info:
  title: Catalog
  version: "1.0"
paths:
  /items:
    get:
      summary: List items
    post:
      summary: Add an item
  /items/{id}:
    get:
      summary: One item
`
	catalogV2 = `openapi: 3.0.3
info:
  title: Catalog
  version: "2.0"
paths:
  /items:
    get:
      summary: List items
  /items/{id}:
    get:
      summary: One item
    delete:
      summary: Remove an item
`
	swaggerDoc = `{"swagger": "2.0", "info": {"title": "Catalog", "version": "1.0"},
 "paths": {"/items": {"get": {"summary": "List items"}}}}`
)

// catalogProxy is platform_api_proxy.catalog made from doc; extra adds
// attributes.
func catalogProxy(p *testPlatform, doc, extra string) string {
	return p.providerConfig() + fmt.Sprintf(`
resource "platform_api_proxy" "catalog" {
  project_name   = "ecommerce"
  name           = "catalog-api"
  specification  = <<-EOT
%s
EOT
  relative_paths = ["/catalog"]
%s
}
`, doc, extra)
}

// operationsAre checks the operations in state.
func operationsAre(addr string, ops ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, 0, len(ops))
	for _, op := range ops {
		checks = append(checks, knownvalue.StringExact(op))
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("operations"), knownvalue.SetExact(checks))
}

// expectProxyOperations checks what the platform reports of a proxy's
// operations, as "METHOD /path", in any order.
func (p *testPlatform) expectProxyOperations(name string, want ...string) error {
	px, ok := p.Proxy("ecommerce", name)
	if !ok {
		return fmt.Errorf("the platform has no proxy %s", name)
	}
	got := map[string]bool{}
	for _, e := range px.EndpointList {
		got[e.HTTPMethod+" "+e.Endpoint] = true
	}
	if len(got) != len(want) {
		return fmt.Errorf("the platform reports %v, want %v", got, want)
	}
	for _, w := range want {
		if !got[w] {
			return fmt.Errorf("the platform reports %v, want %v", got, want)
		}
	}
	return nil
}

// specWrites counts the creates and re-parses the mock received since the
// last reset, by method, on both forms.
func (p *testPlatform) specWrites(method string) int {
	return p.CountRequests(method, specFilePath) + p.CountRequests(method, specURLPath)
}

// A proxy made from a document: created in one request that also deploys,
// planned clean, re-parsed in place by a new document (its routing
// addresses kept, deployed again), imported, and deleted.
func TestAccAPIProxy_lifecycle(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		extra := `
  description            = "Catalog API"
  load_balance_algorithm = "WEIGHTED"
  deploy_environments    = ["test"]`
		v1, v2 := catalogProxy(p, catalogV1, extra), catalogProxy(p, catalogV2, extra)
		addrs := []wire.RoutingAddress{{Address: "https://catalog-1.internal/v1", Weight: 3}}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			CheckDestroy: func(*terraform.State) error {
				if _, ok := p.Proxy("ecommerce", "catalog-api"); ok {
					return fmt.Errorf("the proxy is still there")
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					Config: v1,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("operations"), knownvalue.SetSizeExact(3)),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("id"), knownvalue.StringExact("ecommerce/catalog-api")),
						statecheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("api_type"), knownvalue.StringExact("REST")),
						operationsAre(catalogAddr, "GET /items", "POST /items", "GET /items/{id}"),
					},
					Check: func(*terraform.State) error {
						if n := p.specWrites(http.MethodPost); n != 1 {
							return fmt.Errorf("%d creates, want 1", n)
						}
						body := p.lastSpecMetadata(t, http.MethodPost)
						if err := jsonContains("metadata", map[string]any{"apiProxyName": "catalog-api", "apiProxyCreationType": "OPEN_API",
							"apiProxyDescription": "Catalog API", "clientRoute": map[string]any{"relativePathList": []any{"/catalog"}},
							"routingInfo": map[string]any{"loadBalanceAlgorithm": "WEIGHTED"}, "deploy": true,
							"deployTargetEnvironmentNameList": []any{"test"}}, body); err != nil {
							return err
						}
						if n := p.Deployments("ecommerce", "catalog-api", "test"); n != 1 {
							return fmt.Errorf("deployed to test %d times, want 1", n)
						}
						// Another team routes it; a re-parse keeps that.
						p.SetRoutingAddresses("ecommerce", "catalog-api", addrs)
						return p.expectProxyOperations("catalog-api", "GET /items", "POST /items", "GET /items/{id}")
					},
				},
				{Config: v1, ConfigPlanChecks: expectNoChanges()},
				{
					PreConfig: p.ResetRequests,
					Config:    v2,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("operations"), knownvalue.SetExact([]knownvalue.Check{
							knownvalue.StringExact("GET /items"), knownvalue.StringExact("GET /items/{id}"), knownvalue.StringExact("DELETE /items/{id}")})),
					}},
					ConfigStateChecks: []statecheck.StateCheck{operationsAre(catalogAddr, "GET /items", "GET /items/{id}", "DELETE /items/{id}")},
					Check: func(*terraform.State) error {
						if n := p.specWrites(http.MethodPut); n != 1 {
							return fmt.Errorf("%d re-parses, want 1", n)
						}
						if body := p.lastSpecMetadata(t, http.MethodPut); body["reParse"] != true || body["deploy"] != true {
							return fmt.Errorf("the re-parse sent %v, want reParse and deploy", body)
						}
						if n := p.Deployments("ecommerce", "catalog-api", "test"); n != 2 {
							return fmt.Errorf("deployed to test %d times, want 2", n)
						}
						if deployed, stale := p.DeployState("ecommerce", "catalog-api", "test"); !deployed || stale {
							return fmt.Errorf("in test: deployed %v, redeploy required %v; want the re-parsed proxy live", deployed, stale)
						}
						if err := expectAddresses(p, "catalog-api", addrs); err != nil {
							return err
						}
						return p.expectProxyOperations("catalog-api", "GET /items", "GET /items/{id}", "DELETE /items/{id}")
					},
				},
				{Config: v2, ConfigPlanChecks: expectNoChanges()},
				{
					Config:      strings.Replace(v2, `"Catalog API"`, `""`, 1),
					ExpectError: errorLike(`Description cannot be removed .* API proxy ecommerce/catalog-api has the description "Catalog API"`),
				},
				{
					Config: v2, ResourceName: catalogAddr, ImportState: true, ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"specification", "deploy_environments"},
				},
			},
		})
	})
}

// lastSpecMetadata is the metadata of the last create (POST) or re-parse
// (PUT) the mock accepted, from either form.
func (p *testPlatform) lastSpecMetadata(t *testing.T, method string) map[string]any {
	t.Helper()
	reqs := p.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		r := reqs[i]
		if r.Method != method || r.Status != http.StatusOK || (!strings.HasPrefix(r.Path, specFilePath) && !strings.HasPrefix(r.Path, specURLPath)) {
			continue
		}
		if strings.HasPrefix(r.Path, specURLPath) {
			return p.lastBody(t, method, specURLPath)
		}
		return multipartMetadata(t, r)
	}
	t.Fatalf("the mock accepted no %s of a specification", method)
	return nil
}

// multipartMetadata decodes the metadata part of an upload.
func multipartMetadata(t *testing.T, r mockplatform.Request) map[string]any {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			t.Fatalf("%s %s has no metadata part: %v", r.Method, r.Path, err)
		}
		if part.FormName() != "metadata" {
			continue
		}
		b, _ := io.ReadAll(part)
		var out map[string]any
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("decoding the metadata of %s %s: %v", r.Method, r.Path, err)
		}
		return out
	}
}
