package provider

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	helper "github.com/hashicorp/terraform-plugin-testing/helper/resource"

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
	helper.ParallelTest(t, helper.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []helper.TestStep{{
			Config: cfg,
			Check: helper.ComposeAggregateTestCheckFunc(
				sameAttributes(paymentsAddr, "data.platform_api.by_id"),
				sameAttributes(paymentsAddr, "data.platform_api.by_name"),
				helper.TestCheckOutput("sandbox_endpoint_uri", "http://acmepaymentscorpsandbox.broker.soa.com:80/payments"),
			),
		}},
	})
}

func sameAttributes(a, b string) func(*terraformState) error {
	return func(s *terraformState) error {
		ra, rb := s.RootModule().Resources[a], s.RootModule().Resources[b]
		if ra == nil || rb == nil {
			return fmt.Errorf("%s or %s missing from state", a, b)
		}
		x, y := ra.Primary.Attributes, rb.Primary.Attributes
		var diffs []string
		for k, v := range x {
			if y[k] != v {
				diffs = append(diffs, fmt.Sprintf("%s: %q vs %q", k, v, y[k]))
			}
		}
		for k, v := range y {
			if _, ok := x[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s: missing vs %q", k, v))
			}
		}
		sort.Strings(diffs)
		if len(diffs) > 0 || len(x) < 60 {
			return fmt.Errorf("%s and %s differ (%d attributes):\n%s", a, b, len(x), strings.Join(diffs, "\n"))
		}
		return nil
	}
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
					Check: helper.ComposeAggregateTestCheckFunc(
						helper.TestCheckResourceAttr("data.platform_api.x", "id", api.APIID),
						helper.TestCheckResourceAttr("data.platform_api.x", "name", "owned-elsewhere"),
						helper.TestCheckResourceAttr("data.platform_api.x", "version.name", "3.1"),
						helper.TestCheckResourceAttr("data.platform_api.x", "visibility", "Limited"),
					),
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
			// then shows the platform's default.
			firstSoapType := "SOAP12"
			if name == "latest" {
				firstSoapType = "SOAP11"
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
						Check: helper.ComposeAggregateTestCheckFunc(
							helper.TestCheckResourceAttr(addr, "id", "ecommerce/billing-soap"),
							helper.TestCheckResourceAttr(addr, "api_type", "SOAP"),
							helper.TestCheckResourceAttr(addr, "description", "Legacy billing"),
							helper.TestCheckResourceAttr(addr, "routing_enabled", "true"),
							helper.TestCheckResourceAttr(addr, "load_balance_algorithm", "WEIGHTED"),
							helper.TestCheckResourceAttr(addr, "routing_addresses.#", "2"),
							helper.TestCheckResourceAttr(addr, "routing_addresses.0.address", "https://b1.internal"),
							helper.TestCheckResourceAttr(addr, "routing_addresses.0.weight", "3"),
							helper.TestCheckResourceAttr(addr, "routing_addresses.0.soap_type", firstSoapType),
							helper.TestCheckResourceAttr(addr, "routing_addresses.1.soap_type", "SOAP11"),
						),
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
					Check: helper.ComposeAggregateTestCheckFunc(
						helper.TestCheckResourceAttr(addr, "deployments.#", "2"),
						helper.TestCheckResourceAttr(addr, "deployments.0.environment", "production"),
						helper.TestCheckResourceAttr(addr, "deployments.0.deployed", "true"),
						helper.TestCheckResourceAttr(addr, "deployments.0.redeploy_required", "false"),
						helper.TestCheckResourceAttr(addr, "deployments.1.environment", "test"),
						helper.TestCheckResourceAttr(addr, "deployments.1.deployed", "false"),
					),
				},
				{
					Config:      routing + dataSource(`["prod"]`),
					ExpectError: errorLike(`Environment not found.*Project "ecommerce" has no environment "prod"`),
				},
			},
		})
	})
}
