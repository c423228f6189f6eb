package provider

import (
	"fmt"
	"net/http"
	"testing"

	helper "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/mockplatform"
)

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
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("api_proxies"), knownvalue.ListSizeExact(3)),
						statecheck.ExpectKnownValue(addr, pathOf("api_proxies", 0, "name"), knownvalue.StringExact("billing-soap")),
						statecheck.ExpectKnownValue(addr, pathOf("api_proxies", 0, "api_type"), knownvalue.StringExact("SOAP")),
						statecheck.ExpectKnownValue(addr, pathOf("api_proxies", 2, "name"), knownvalue.StringExact("spare-api")),
					},
				},
				{
					Config: list(`project_name = "ecommerce"` + "\n" + `api_type = "REST"` + "\n" + `name_regex = "api$"`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("api_proxies"), knownvalue.ListSizeExact(2)),
						statecheck.ExpectKnownValue(addr, pathOf("api_proxies", 0, "name"), knownvalue.StringExact("orders-api")),
						statecheck.ExpectKnownValue(addr, pathOf("api_proxies", 1, "name"), knownvalue.StringExact("spare-api")),
					},
				},
				{
					PreConfig: p.ResetRequests,
					Config:    list(`project_name = "R&D Ops #2"`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("api_proxies"), knownvalue.ListSizeExact(2)),
						statecheck.ExpectKnownValue(addr, pathOf("api_proxies", 0, "name"), knownvalue.StringExact("lab api")),
						statecheck.ExpectKnownValue(addr, pathOf("api_proxies", 0, "description"), knownvalue.StringExact("Lab")),
					},
					Check: func(*terraform.State) error {
						for _, r := range p.Requests() {
							if r.Method == http.MethodGet && r.Path != "/apiops/projects/R&D Ops #2/apiProxies/" {
								return fmt.Errorf("unexpected request %s %s: one list request per read, nothing per proxy", r.Method, r.Path)
							}
						}
						return nil
					},
				},
				{Config: list(`project_name = "ecommerce"` + "\n" + `name_regex = "^none"`), ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("api_proxies"), knownvalue.ListSizeExact(0))}},
				{Config: list(`project_name = "no-such-project"`), ExpectError: errorLike(`Project not found.*no project "no-such-project"`)},
			},
		})
	})
}
