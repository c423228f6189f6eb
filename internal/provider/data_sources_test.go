package provider

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	helper "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/client"
	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// The data source's schema has exactly the resource's type: same names,
// same nesting, same element types.
func TestDataSourceSchemaMatchesResource(t *testing.T) {
	ctx := context.Background()
	var rs resource.SchemaResponse
	NewAPIResource().Schema(ctx, resource.SchemaRequest{}, &rs)
	var ds datasource.SchemaResponse
	NewAPIDataSource().Schema(ctx, datasource.SchemaRequest{}, &ds)
	if rs.Diagnostics.HasError() || ds.Diagnostics.HasError() {
		t.Fatal(rs.Diagnostics, ds.Diagnostics)
	}
	rt, dt := rs.Schema.Type().TerraformType(ctx), ds.Schema.Type().TerraformType(ctx)
	if !rt.Equal(dt) {
		t.Fatalf("the types differ:\nresource:    %s\ndata source: %s", rt, dt)
	}
}

// One API read through the resource, the data source by id and the data
// source by name: every attribute is the same.
func TestAccAPIDataSource_matchesResource(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + seedExample(t) + `
data "platform_api" "by_id" {
  id = platform_api.payments.id
}
data "platform_api" "by_name" {
  name = platform_api.payments.name
}
output "sandbox_endpoint_uri" {
  value = data.platform_api.by_id.version.endpoints[1].uri
}
`
	checks := append(sameAttributes(t, paymentsAddr, "data.platform_api.by_id"), sameAttributes(t, paymentsAddr, "data.platform_api.by_name")...)
	checks = append(checks,
		// What is compared holds the whole seed, every list filled.
		statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "tags"), knownvalue.SetSizeExact(1)),
		statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "endpoints"), knownvalue.ListSizeExact(2)),
		statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "operations", "Default_Operation", "inputs"), knownvalue.ListSizeExact(1)),
		statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "policies"), knownvalue.ListSizeExact(1)),
		statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "target_api", "endpoints"), knownvalue.ListSizeExact(2)),
		statecheck.ExpectKnownValue(paymentsAddr, pathOf("version", "target_api", "operations", "Default_Operation", "inputs"), knownvalue.ListSizeExact(1)),
		statecheck.ExpectKnownOutputValue("sandbox_endpoint_uri", knownvalue.StringExact("http://acmepaymentscorpsandbox.broker.soa.com:80/payments")),
	)
	helper.ParallelTest(t, helper.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps:                    []helper.TestStep{{Config: cfg, ConfigStateChecks: checks}},
	})
}

// sameAttributes checks that resources a and b, of platform_api's type, hold
// the same value in every attribute of the schema.
func sameAttributes(t *testing.T, a, b string) []statecheck.StateCheck {
	t.Helper()
	var rs resource.SchemaResponse
	NewAPIResource().Schema(context.Background(), resource.SchemaRequest{}, &rs)
	names := make([]string, 0, len(rs.Schema.Attributes)+len(rs.Schema.Blocks))
	for name := range rs.Schema.Attributes {
		names = append(names, name)
	}
	for name := range rs.Schema.Blocks {
		names = append(names, name)
	}
	if len(names) < 10 {
		t.Fatalf("platform_api has %d attributes: %v", len(names), names)
	}
	sort.Strings(names)
	checks := make([]statecheck.StateCheck, 0, len(names))
	for _, name := range names {
		checks = append(checks, statecheck.CompareValuePairs(a, tfjsonpath.New(name), b, tfjsonpath.New(name), compare.ValuesSame()))
	}
	return checks
}

func TestAccAPIDataSource_requestCost(t *testing.T) {
	p := newTestPlatform(t)
	c, err := client.New(client.Config{Endpoint: p.URL, FedMemberID: testTenant, Email: testEmail, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	api, err := c.CreateAPI(context.Background(), &wire.API{Name: "owned-elsewhere", APIVersion: &wire.APIVersion{Name: "3.1"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, lookup string }{
		{"by id", fmt.Sprintf("id = %q", api.APIID)},
		{"by name", `name = "owned-elsewhere"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.ResetRequests()
			helper.Test(t, helper.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []helper.TestStep{{
					Config: p.providerConfig() + fmt.Sprintf("data \"platform_api\" \"x\" {\n  %s\n}\n", tc.lookup),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.platform_api.x", tfjsonpath.New("id"), knownvalue.StringExact(api.APIID)),
						statecheck.ExpectKnownValue("data.platform_api.x", tfjsonpath.New("name"), knownvalue.StringExact("owned-elsewhere")),
						statecheck.ExpectKnownValue("data.platform_api.x", pathOf("version", "name"), knownvalue.StringExact("3.1")),
						statecheck.ExpectKnownValue("data.platform_api.x", tfjsonpath.New("visibility"), knownvalue.StringExact("Limited")),
					},
				}},
			})
			reads := p.CountRequests(http.MethodGet, "/api/apis/")
			lists := p.CountRequests(http.MethodGet, "/api/apis") - reads
			logins := p.CountRequests(http.MethodPost, "/api/login")
			t.Logf("%s: %d GETs of the API, %d list calls, %d logins over the whole test", tc.name, reads, lists, logins)
			if reads != logins || (tc.name == "by id" && lists != 0) || (tc.name == "by name" && lists != reads) {
				t.Errorf("%d reads, %d lists, %d logins: want one read (and for by-name one list) per terraform command", reads, lists, logins)
			}
		})
	}
}

func TestAccAPIDataSource_errors(t *testing.T) {
	p := newTestPlatform(t)
	p.InsertAPI("twin")
	p.InsertAPI("twin")
	cases := []struct{ name, body, want string }{
		{"unknown id", `id = "api999.acmepaymentscorp"`, `API not found.*no API with ID "api999.acmepaymentscorp"`},
		{"unknown name", `name = "nobody"`, `API not found.*no API named "nobody"`},
		{"several with one name", `name = "twin"`, `Several APIs have this name.*2 APIs named "twin".*read one by id`},
		{"both id and name", "id = \"x\"\n  name = \"y\"", `Invalid Attribute Combination.*Exactly one of these attributes must be configured: \[id,name\]`},
		{"neither id nor name", ``, `Missing Attribute Configuration.*Exactly one of these attributes must be configured: \[id,name\]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			helper.Test(t, helper.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []helper.TestStep{{
					Config:      p.providerConfig() + fmt.Sprintf("data \"platform_api\" \"x\" {\n  %s\n}\n", tc.body),
					ExpectError: errorLike(tc.want),
				}},
			})
		})
	}
}

func TestAccAPIProxyDataSource(t *testing.T) {
	variants := map[string]func(*mockplatform.Config){
		"wrapped form": func(c *mockplatform.Config) { c.NewerManager = true },
	}
	for name, manager := range managers {
		variants[name] = manager
	}
	for name, change := range variants {
		t.Run(name, func(t *testing.T) {
			p := newTestPlatform(t, change, func(c *mockplatform.Config) {
				c.Projects[0].Proxies[1].Description = "Legacy billing"
				c.Projects[0].Proxies[1].RoutingAddresses = []wire.RoutingAddress{
					{Address: "https://b1.internal", Weight: 3, SoapType: "SOAP12"},
					{Address: "https://b2.internal", Weight: 1, SoapType: "SOAP11"},
				}
			})
			const addr = "data.platform_api_proxy.billing"
			// The newest manager never reports soapType: the data source
			// then says nothing (null), as nothing was sent from here.
			soapType := func(s string) knownvalue.Check {
				if name == "latest" {
					return knownvalue.Null()
				}
				return knownvalue.StringExact(s)
			}
			helper.ParallelTest(t, helper.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []helper.TestStep{
					{
						Config: p.providerConfig() + `
data "platform_api_proxy" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"
}`,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("ecommerce/billing-soap")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("api_type"), knownvalue.StringExact("SOAP")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Legacy billing")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("routing_enabled"), knownvalue.Bool(true)),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("load_balance_algorithm"), knownvalue.StringExact("WEIGHTED")),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("routing_addresses"), knownvalue.ListSizeExact(2)),
							statecheck.ExpectKnownValue(addr, pathOf("routing_addresses", 0, "address"), knownvalue.StringExact("https://b1.internal")),
							statecheck.ExpectKnownValue(addr, pathOf("routing_addresses", 0, "weight"), knownvalue.Int64Exact(3)),
							statecheck.ExpectKnownValue(addr, pathOf("routing_addresses", 0, "soap_type"), soapType("SOAP12")),
							statecheck.ExpectKnownValue(addr, pathOf("routing_addresses", 1, "soap_type"), soapType("SOAP11")),
						},
					},
					{
						Config: p.providerConfig() + `
data "platform_api_proxy" "missing" {
  project_name   = "ecommerce"
  api_proxy_name = "no-such-proxy"
}`,
						ExpectError: errorLike(`API proxy not found.*no API proxy "no-such-proxy" in project "ecommerce"`),
					},
				},
			})
		})
	}
}

// The data source reports the proxy's deployment in the environments it is
// asked about; an environment the project does not have is an error.
func TestAccAPIProxyDataSource_deployments(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager)
		const addr = "data.platform_api_proxy.orders"
		dataSource := func(envs string) string {
			return fmt.Sprintf(`
data "platform_api_proxy" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  environments   = %s
  depends_on     = [platform_proxy_routing.orders]
}`, envs)
		}
		routing := deployedRouting(p, 1, `deploy_environments = ["production"]`)
		helper.Test(t, helper.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []helper.TestStep{
				{
					Config: routing + dataSource(`["test", "production"]`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("deployments"), knownvalue.ListSizeExact(2)),
						statecheck.ExpectKnownValue(addr, pathOf("deployments", 0, "environment"), knownvalue.StringExact("production")),
						statecheck.ExpectKnownValue(addr, pathOf("deployments", 0, "deployed"), knownvalue.Bool(true)),
						statecheck.ExpectKnownValue(addr, pathOf("deployments", 0, "redeploy_required"), knownvalue.Bool(false)),
						statecheck.ExpectKnownValue(addr, pathOf("deployments", 1, "environment"), knownvalue.StringExact("test")),
						statecheck.ExpectKnownValue(addr, pathOf("deployments", 1, "deployed"), knownvalue.Bool(false)),
					},
				},
				{
					Config:      routing + dataSource(`["prod"]`),
					ExpectError: errorLike(`Environment not found.*Project "ecommerce" has no environment "prod"`),
				},
			},
		})
	})
}
