package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// specServer serves documents by path, as a team's spec host would; a
// path can be changed while it runs.
type specServer struct {
	*httptest.Server
	docs atomic.Pointer[map[string]string]
}

func newSpecServer(t *testing.T, docs map[string]string) *specServer {
	s := &specServer{}
	s.docs.Store(&docs)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		doc, ok := (*s.docs.Load())[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(doc))
	}))
	t.Cleanup(s.Close)
	return s
}

// urlProxy is platform_api_proxy.catalog made from the document at url.
func urlProxy(p *testPlatform, url string) string {
	return p.providerConfig() + fmt.Sprintf(`
resource "platform_api_proxy" "catalog" {
  project_name        = "ecommerce"
  name                = "catalog-api"
  specification_url   = %q
  relative_paths      = ["/catalog", "/catalog-v1"]
  deploy_environments = ["test"]
}
`, url)
}

// A proxy the platform reads from a URL: created from it and read back
// once, since only the platform reads the URL; its operations changed
// outside Terraform plan a re-parse from the URL; a new URL re-parses.
func TestAccAPIProxy_fromURL(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		specs := newSpecServer(t, map[string]string{"/v1.yaml": catalogV1, "/v2.yaml": catalogV2})
		v1, v2 := urlProxy(p, specs.URL+"/v1.yaml"), urlProxy(p, specs.URL+"/v2.yaml")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{
				{
					Config: v1,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectUnknownValue(catalogAddr, tfjsonpath.New("operations")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						operationsAre(catalogAddr, "GET /items", "POST /items", "GET /items/{id}"),
						statecheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("description"), knownvalue.StringExact("")),
					},
					Check: func(*terraform.State) error {
						if n := p.CountRequests(http.MethodPost, specURLPath); n != 1 {
							return fmt.Errorf("%d creates, want 1", n)
						}
						if body := p.lastSpecMetadata(t, http.MethodPost); body["specUrl"] != specs.URL+"/v1.yaml" {
							return fmt.Errorf("the create sent %v", body)
						}
						return nil
					},
				},
				{Config: v1, ConfigPlanChecks: expectNoChanges()},
				{
					PreConfig: func() {
						p.SetProxyOperations("ecommerce", "catalog-api", "GET /items")
						p.ResetRequests()
					},
					Config: v1,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(catalogAddr, tfjsonpath.New("operations")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{operationsAre(catalogAddr, "GET /items", "POST /items", "GET /items/{id}")},
					Check: func(*terraform.State) error {
						if n := p.CountRequests(http.MethodPut, specURLPath); n != 1 {
							return fmt.Errorf("%d re-parses, want 1", n)
						}
						return p.expectProxyOperations("catalog-api", "GET /items", "POST /items", "GET /items/{id}")
					},
				},
				{Config: v1, ConfigPlanChecks: expectNoChanges()},
				{
					Config:            v2,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate)}},
					ConfigStateChecks: []statecheck.StateCheck{operationsAre(catalogAddr, "GET /items", "GET /items/{id}", "DELETE /items/{id}")},
				},
				{Config: v2, ConfigPlanChecks: expectNoChanges()},
			},
		})
	})
}

// An operation removed outside Terraform shows in the plan as the
// operation the re-parse brings back, and the apply re-parses.
func TestAccAPIProxy_operationsDrift(t *testing.T) {
	p := newTestPlatform(t)
	cfg := catalogProxy(p, catalogV1, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					p.SetProxyOperations("ecommerce", "catalog-api", "GET /items", "GET /items/{id}", "PATCH /items/{id}")
					p.ResetRequests()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("operations"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("GET /items"), knownvalue.StringExact("POST /items"), knownvalue.StringExact("GET /items/{id}")})),
				}},
				Check: func(*terraform.State) error {
					if n := p.CountRequests(http.MethodPut, specFilePath); n != 1 {
						return fmt.Errorf("%d re-parses, want 1", n)
					}
					return p.expectProxyOperations("catalog-api", "GET /items", "POST /items", "GET /items/{id}")
				},
			},
			{Config: cfg, ConfigPlanChecks: expectNoChanges()},
			{
				// Deleted outside Terraform: planned for creation again.
				PreConfig:        func() { p.DeleteProxy("ecommerce", "catalog-api") },
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionCreate)}},
			},
		},
	})
}

// What the platform would refuse is refused at plan time, with nothing
// written: a document it does not take, an environment the project lacks
// (the error lists those it has), and a name another proxy has (the error
// gives the import command).
func TestAccAPIProxy_refusedAtPlan(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		taken := strings.Replace(catalogProxy(p, catalogV1, ""), `"catalog-api"`, `"orders-api"`, 1)
		noWrites := func(*terraform.State) error {
			if n := p.specWrites(http.MethodPost) + p.specWrites(http.MethodPut); n != 0 {
				return fmt.Errorf("%d writes reached the platform, want none", n)
			}
			return nil
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			CheckDestroy:             noWrites,
			Steps: []resource.TestStep{
				{Config: catalogProxy(p, "openapi: '3.1'\ninfo: {title: t, version: '1'}\npaths: {}", ""),
					ExpectError: errorLike(`Invalid OpenAPI document .* openapi "3.1" \(line 1\) lacks its patch number`)},
				{Config: catalogProxy(p, "title: not a spec", ""),
					ExpectError: errorLike(`Invalid OpenAPI document .* no openapi or swagger field`)},
				{Config: catalogProxy(p, catalogV1, `deploy_environments = ["prod"]`),
					ExpectError: errorLike(`Unknown environment .* deploy_environments names "prod", which project "ecommerce" does not have. Its environments are: "production", "test".`)},
				{Config: taken,
					ExpectError: errorLike(`API proxy already exists .* terraform import platform_api_proxy.<name> ecommerce/orders-api .* id = "ecommerce/orders-api"`)},
				{Config: strings.Replace(catalogProxy(p, catalogV1, `deploy_environments = ["test"]`), `"ecommerce"`, `"nowhere"`, 1),
					ExpectError: errorLike(`Project not found .* no project "nowhere"`)},
				{Config: catalogProxy(p, catalogV1, `specification_url = "https://specs.internal/x.yaml"`), ExpectError: errorLike(`Two specifications`)},
				{Config: p.providerConfig() + `
resource "platform_api_proxy" "catalog" {
  project_name   = "ecommerce"
  name           = "catalog-api"
  relative_paths = ["catalog"]
}`, ExpectError: errorLike(`No specification .* cannot fill it in`)},
				{Config: catalogProxy(p, catalogV1, "") + "\n", Check: noWrites, PlanOnly: true, ExpectNonEmptyPlan: true},
			},
		})
	})
}

// A new name is a replacement, planned as a create: a name another proxy
// has is refused by the plan, before the apply would delete the proxy it
// replaces.
func TestAccAPIProxy_renameToTakenNameRefusedAtPlan(t *testing.T) {
	p := newTestPlatform(t)
	cfg := catalogProxy(p, catalogV1, `description = "Catalog"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Config:      strings.Replace(cfg, `"catalog-api"`, `"orders-api"`, 1),
				ExpectError: errorLike(`API proxy already exists .* ecommerce/orders-api`),
			},
			{
				// A free name is a clean replacement, the description given
				// again to the new proxy.
				PreConfig: func() {
					if _, ok := p.Proxy("ecommerce", "catalog-api"); !ok {
						t.Fatal("catalog-api was deleted by the apply the plan should have refused")
					}
				},
				Config: strings.Replace(cfg, `"catalog-api"`, `"catalog-v2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionDestroyBeforeCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("id"), knownvalue.StringExact("ecommerce/catalog-v2"))},
			},
		},
	})
}

// A re-parse keeps the host names of the proxy's routes, which the
// provider does not manage, though the platform replaces the routes whole
// when a write sends them: a new document sends none, and new relative
// paths are sent with the host names the platform reports.
func TestAccAPIProxy_reparseKeepsHostNames(t *testing.T) {
	p := newTestPlatform(t)
	v2 := catalogProxy(p, catalogV2, "")
	moved := strings.Replace(v2, `["/catalog"]`, `["/catalog", "/items"]`, 1)
	routesAre := func(paths ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			px, ok := p.Proxy("ecommerce", "catalog-api")
			switch {
			case !ok || px.ClientRoute == nil:
				return fmt.Errorf("the platform has no routes for catalog-api")
			case !slices.Equal(px.ClientRoute.RelativePathList, paths) || !slices.Equal(px.ClientRoute.HostList, []string{"api.example.com"}):
				return fmt.Errorf("routes are %v on hosts %v, want %v on [api.example.com]",
					px.ClientRoute.RelativePathList, px.ClientRoute.HostList, paths)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: catalogProxy(p, catalogV1, "")},
			{
				PreConfig: func() {
					if !p.SetProxyHosts("ecommerce", "catalog-api", "api.example.com") {
						t.Fatal("no proxy catalog-api to set host names on")
					}
				},
				Config: v2,
				Check:  routesAre("/catalog"),
			},
			{Config: moved, Check: routesAre("/catalog", "/items")},
			{Config: moved, ConfigPlanChecks: expectNoChanges()},
		},
	})
}

// A create whose answer is lost leaves one proxy, tracked, deployed once.
func TestAccAPIProxy_lostCreateAnswer(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		p.InjectFaults(http.MethodPost, specFilePath, mockplatform.Fault{DropAfter: true})
		cfg := catalogProxy(p, catalogV1, `deploy_environments = ["test"]`)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []resource.TestStep{
				{
					Config:            cfg,
					ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("deploy_environments"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("test")}))},
					Check: func(*terraform.State) error {
						if n := p.FaultsInjected(); n != 1 {
							return fmt.Errorf("%d faults injected, want 1", n)
						}
						if n := p.CountRequests(http.MethodPost, specFilePath); n != 1 {
							return fmt.Errorf("%d creates sent, want 1 (the lost one, found by name)", n)
						}
						if n := p.Deployments("ecommerce", "catalog-api", "test"); n != 1 {
							return fmt.Errorf("deployed %d times, want 1", n)
						}
						return nil
					},
				},
				{Config: cfg, ConfigPlanChecks: expectNoChanges()},
			},
		})
	})
}

// A Swagger 2.0 document is sent as SWAGGER; a change of the algorithm
// alone re-parses with the same document.
func TestAccAPIProxy_swaggerAndAlgorithm(t *testing.T) {
	p := newTestPlatform(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config:            catalogProxy(p, swaggerDoc, ""),
				ConfigStateChecks: []statecheck.StateCheck{operationsAre(catalogAddr, "GET /items")},
				Check: func(*terraform.State) error {
					if body := p.lastSpecMetadata(t, http.MethodPost); body["apiProxyCreationType"] != "SWAGGER" {
						return fmt.Errorf("the create sent %v, want apiProxyCreationType SWAGGER", body)
					}
					return nil
				},
			},
			{
				Config:           catalogProxy(p, swaggerDoc, `load_balance_algorithm = "LRU"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate)}},
				Check: func(*terraform.State) error {
					px, _ := p.Proxy("ecommerce", "catalog-api")
					if body := p.lastSpecMetadata(t, http.MethodPut); body["apiProxyCreationType"] != "SWAGGER" || px.Routing.LoadBalanceAlgorithm != "LRU" {
						return fmt.Errorf("the re-parse sent %v; the platform has %s", body, px.Routing.LoadBalanceAlgorithm)
					}
					return nil
				},
			},
			{Config: catalogProxy(p, swaggerDoc, `load_balance_algorithm = "LRU"`), ConfigPlanChecks: expectNoChanges()},
		},
	})
}

// createSpecProxy makes a proxy from doc behind Terraform's back.
func (p *testPlatform) createSpecProxy(t *testing.T, name, doc string) {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: p.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	meta := wire.SpecProxyMetadata{APIProxyName: name, APIProxyCreationType: wire.CreationOpenAPI,
		ClientRoute: &wire.ClientRoute{RelativePathList: []string{"/catalog"}}}
	if _, err := c.CreateAPIProxy(context.Background(), "ecommerce", meta, client.ProxySource{Document: []byte(doc)}); err != nil {
		t.Fatal(err)
	}
}

// An import block and the document of the proxy: the plan imports and
// records the document, the apply writes nothing, and the next plan is
// clean. With another document, the same plan re-parses.
func TestAccAPIProxy_importRecordsTheDocument(t *testing.T) {
	p := newTestPlatform(t)
	p.createSpecProxy(t, "catalog-api", catalogV1)
	block := "\nimport {\n  to = platform_api_proxy.catalog\n  id = \"ecommerce/catalog-api\"\n}\n"
	cfg := catalogProxy(p, catalogV1, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				// The plan imports, and updates only the state.
				Config: cfg, ResourceName: catalogAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:      "ecommerce/catalog-api",
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("operations"), knownvalue.SetSizeExact(3)),
				}},
			},
			{
				PreConfig:        p.ResetRequests,
				Config:           cfg + block,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("specification"), knownvalue.StringExact(catalogV1+"\n")),
					statecheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("load_balance_algorithm"), knownvalue.StringExact("ROUND_ROBIN")),
				},
				Check: func(*terraform.State) error {
					for _, r := range p.Requests() {
						if r.Method != http.MethodGet {
							return fmt.Errorf("the import wrote %s %s", r.Method, r.Path)
						}
					}
					return nil
				},
			},
			{Config: cfg, ConfigPlanChecks: expectNoChanges()},
		},
	})
}

// Imported with another document, the first plan re-parses.
func TestAccAPIProxy_importReparsesAnotherDocument(t *testing.T) {
	p := newTestPlatform(t)
	p.createSpecProxy(t, "catalog-api", catalogV1)
	block := "\nimport {\n  to = platform_api_proxy.catalog\n  id = \"ecommerce/catalog-api\"\n}\n"
	cfg := catalogProxy(p, catalogV2, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg + block,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("operations"), knownvalue.SetSizeExact(3)),
				}},
				Check: func(*terraform.State) error {
					if n := p.CountRequests(http.MethodPut, specFilePath); n != 1 {
						return fmt.Errorf("%d re-parses, want 1", n)
					}
					return p.expectProxyOperations("catalog-api", "GET /items", "GET /items/{id}", "DELETE /items/{id}")
				},
			},
			{Config: cfg, ConfigPlanChecks: expectNoChanges()},
		},
	})
}

// An import block with identity (Terraform 1.12+, OpenTofu 1.12) imports
// the proxy; the protocol call itself is checked on every CLI.
func TestAccAPIProxy_importByIdentity(t *testing.T) {
	p := newTestPlatform(t)
	p.createSpecProxy(t, "catalog-old", catalogV1)
	srv := protocol.NewServer(New("test")())()
	configure(t, p, srv)
	state, identity := importByIdentity(t, srv, "platform_api_proxy", map[string]string{"project_name": "ecommerce", "name": "catalog-old"})
	if str(t, state["id"]) != "ecommerce/catalog-old" || str(t, identity["name"]) != "catalog-old" || str(t, identity["project_name"]) != "ecommerce" {
		t.Fatalf("imported as %v with identity %v", state, identity)
	}
	cfg := catalogProxy(p, catalogV1, "")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{Config: cfg, ResourceName: catalogAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate)}}},
		},
	})
}

// The data sources report what the platform reports of a proxy made from
// a document: its relative paths, algorithm and operations; the list tells
// such proxies apart when asked for details (one read per proxy).
func TestAccAPIProxy_dataSources(t *testing.T) {
	p := newTestPlatform(t)
	p.createSpecProxy(t, "catalog-api", catalogV1)
	const one, all = "data.platform_api_proxy.catalog", "data.platform_api_proxies.all"
	cfg := p.providerConfig() + `
data "platform_api_proxy" "catalog" {
  project_name   = "ecommerce"
  api_proxy_name = "catalog-api"
}
data "platform_api_proxy" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
}
data "platform_api_proxies" "all" {
  project_name    = "ecommerce"
  include_details = true
}
data "platform_api_proxies" "list" {
  project_name = "ecommerce"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{{
			PreConfig: p.ResetRequests,
			Config:    cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(one, tfjsonpath.New("relative_paths"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("/catalog")})),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("load_balance_algorithm"), knownvalue.StringExact("ROUND_ROBIN")),
				statecheck.ExpectKnownValue(one, tfjsonpath.New("operations"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("GET /items"), knownvalue.StringExact("POST /items"), knownvalue.StringExact("GET /items/{id}")})),
				statecheck.ExpectKnownValue("data.platform_api_proxy.orders", tfjsonpath.New("operations"), knownvalue.Null()),
				statecheck.ExpectKnownValue(all, pathOf("api_proxies", 1), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("catalog-api"), "description": knownvalue.StringExact(""),
					"api_type": knownvalue.StringExact("REST"), "relative_path": knownvalue.StringExact("/catalog"),
					"from_specification": knownvalue.Bool(true), "load_balance_algorithm": knownvalue.StringExact("ROUND_ROBIN"),
					"relative_paths": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("/catalog")})})),
				statecheck.ExpectKnownValue(all, pathOf("api_proxies", 2, "from_specification"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.platform_api_proxies.list", pathOf("api_proxies", 1, "from_specification"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.platform_api_proxies.list", pathOf("api_proxies", 1, "relative_path"), knownvalue.StringExact("/catalog")),
			},
		}},
	})
}

// A document and a description known only at apply (from another
// resource) plan as unknown, apply, and then plan clean.
func TestAccAPIProxy_unknownAtPlan(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + `
resource "terraform_data" "doc" {
  input = {
    description = "From elsewhere"
    document    = jsonencode({ openapi = "3.0.3", info = { title = "T", version = "1" }, paths = { "/items" = { get = {} } } })
  }
}

resource "platform_api_proxy" "catalog" {
  project_name   = "ecommerce"
  name           = "catalog-api"
  description    = terraform_data.doc.output.description
  specification  = terraform_data.doc.output.document
  relative_paths = ["/catalog"]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(catalogAddr, tfjsonpath.New("description")),
					plancheck.ExpectUnknownValue(catalogAddr, tfjsonpath.New("operations")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					operationsAre(catalogAddr, "GET /items"),
					statecheck.ExpectKnownValue(catalogAddr, tfjsonpath.New("description"), knownvalue.StringExact("From elsewhere")),
				},
			},
			{Config: cfg, ConfigPlanChecks: expectNoChanges()},
		},
	})
}
