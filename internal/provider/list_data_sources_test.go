package provider

import (
	"fmt"
	"net/http"
	"testing"

	helper "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

// platform_apis lists the catalog with one request, sorted by name and
// filtered by name_regex; no match is an empty list.
func TestAccAPIsDataSource(t *testing.T) {
	p := newTestPlatform(t, func(c *mockplatform.Config) { c.ReverseLists = true })
	ids := map[string]string{}
	for _, name := range []string{"orders", "billing", "orders-v2", "Zahlungen"} {
		ids[name] = p.InsertAPI(name)
	}
	const addr = "data.platform_apis.x"
	list := func(args string) string {
		return p.providerConfig() + fmt.Sprintf("data \"platform_apis\" \"x\" {\n%s\n}\n", args)
	}
	helper.ParallelTest(t, helper.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []helper.TestStep{
			{
				Config: list(""),
				Check: helper.ComposeAggregateTestCheckFunc(
					helper.TestCheckResourceAttr(addr, "apis.#", "4"),
					helper.TestCheckResourceAttr(addr, "apis.0.name", "Zahlungen"),
					helper.TestCheckResourceAttr(addr, "apis.1.name", "billing"),
					helper.TestCheckResourceAttr(addr, "apis.3.name", "orders-v2"),
					helper.TestCheckResourceAttr(addr, "apis.1.id", ids["billing"]),
					func(*terraformState) error {
						if n := p.CountRequests(http.MethodGet, "/api/apis/"); n != 0 {
							return fmt.Errorf("%d per-API reads, want none", n)
						}
						return nil
					},
				),
			},
			{
				Config: list(`name_regex = "^orders"`),
				Check: helper.ComposeAggregateTestCheckFunc(
					helper.TestCheckResourceAttr(addr, "apis.#", "2"),
					helper.TestCheckResourceAttr(addr, "apis.0.name", "orders"),
					helper.TestCheckResourceAttr(addr, "apis.1.name", "orders-v2"),
				),
			},
			{Config: list(`name_regex = "^nothing$"`), Check: helper.TestCheckResourceAttr(addr, "apis.#", "0")},
		},
	})
}

// platform_api_proxies lists a project's proxies with one request, in
// either envelope, filtered by name and type; a project with characters
// that need escaping works; a missing project is an error naming it.
func TestAccAPIProxiesDataSource(t *testing.T) {
	forEachManager(t, func(t *testing.T, manager func(*mockplatform.Config)) {
		p := newTestPlatform(t, manager, func(c *mockplatform.Config) {
			c.Projects = append(c.Projects, mockplatform.Project{Name: "R&D Ops #2", Proxies: []mockplatform.Proxy{
				{Name: "lab api", APIType: "REST", Description: "Lab"}, {Name: "lab-soap", APIType: "SOAP"}}})
		})
		const addr = "data.platform_api_proxies.x"
		list := func(args string) string {
			return p.providerConfig() + fmt.Sprintf("data \"platform_api_proxies\" \"x\" {\n%s\n}\n", args)
		}
		helper.Test(t, helper.TestCase{
			ProtoV6ProviderFactories: protoV6Factories(),
			Steps: []helper.TestStep{
				{
					Config: list(`project_name = "ecommerce"`),
					Check: helper.ComposeAggregateTestCheckFunc(
						helper.TestCheckResourceAttr(addr, "api_proxies.#", "3"),
						helper.TestCheckResourceAttr(addr, "api_proxies.0.name", "billing-soap"),
						helper.TestCheckResourceAttr(addr, "api_proxies.0.api_type", "SOAP"),
						helper.TestCheckResourceAttr(addr, "api_proxies.2.name", "spare-api"),
					),
				},
				{
					Config: list(`project_name = "ecommerce"` + "\n" + `api_type = "REST"` + "\n" + `name_regex = "api$"`),
					Check: helper.ComposeAggregateTestCheckFunc(
						helper.TestCheckResourceAttr(addr, "api_proxies.#", "2"),
						helper.TestCheckResourceAttr(addr, "api_proxies.0.name", "orders-api"),
						helper.TestCheckResourceAttr(addr, "api_proxies.1.name", "spare-api"),
					),
				},
				{
					PreConfig: p.ResetRequests,
					Config:    list(`project_name = "R&D Ops #2"`),
					Check: helper.ComposeAggregateTestCheckFunc(
						helper.TestCheckResourceAttr(addr, "api_proxies.#", "2"),
						helper.TestCheckResourceAttr(addr, "api_proxies.0.name", "lab api"),
						helper.TestCheckResourceAttr(addr, "api_proxies.0.description", "Lab"),
						func(*terraformState) error {
							for _, r := range p.Requests() {
								if r.Method == http.MethodGet && r.Path != "/apiops/projects/R&D Ops #2/apiProxies/" {
									return fmt.Errorf("unexpected request %s %s: one list request per read, nothing per proxy", r.Method, r.Path)
								}
							}
							return nil
						},
					),
				},
				{Config: list(`project_name = "ecommerce"` + "\n" + `name_regex = "^none"`), Check: helper.TestCheckResourceAttr(addr, "api_proxies.#", "0")},
				{Config: list(`project_name = "no-such-project"`), ExpectError: errorLike(`Project not found.*no project "no-such-project"`)},
			},
		})
	})
}
