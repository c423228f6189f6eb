package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// proxyWithRouting is a proxy and its routing, created in one apply: the
// routing names the proxy by reference, so Terraform plans and applies the
// proxy first.
func proxyWithRouting(p *testPlatform, algorithm string) string {
	return catalogProxy(p, catalogV1, fmt.Sprintf(`load_balance_algorithm = %q`, algorithm)) + `
resource "platform_proxy_routing" "catalog" {
  project_name   = platform_api_proxy.catalog.project_name
  api_proxy_name = platform_api_proxy.catalog.name
  routing_address {
    address = "https://catalog-1.internal/v1"
    weight  = 3
  }
  routing_address {
    address = "https://catalog-2.internal/v1"
  }
}
`
}

// A routing of a proxy created in the same apply plans with the proxy's
// type and the algorithm its plan leaves, applies, and plans clean; a new
// algorithm on the proxy shows on the routing's plan as known after apply
// (the same plan without the reference could meet the proxy's plan in
// either order), and is the proxy's once applied.
func TestAccAPIProxy_routingInTheSameApply(t *testing.T) {
	p := newTestPlatform(t)
	routing := "platform_proxy_routing.catalog"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{
				Config: proxyWithRouting(p, "WEIGHTED"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(routing, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(routing, tfjsonpath.New("api_type"), knownvalue.StringExact("REST")),
					plancheck.ExpectKnownValue(routing, tfjsonpath.New("load_balance_algorithm"), knownvalue.StringExact("WEIGHTED")),
				}},
				Check: func(*terraform.State) error {
					return expectAddresses(p, "catalog-api", []wire.RoutingAddress{
						{Address: "https://catalog-1.internal/v1", Weight: 3}, {Address: "https://catalog-2.internal/v1", Weight: 1}})
				},
			},
			{Config: proxyWithRouting(p, "WEIGHTED"), ConfigPlanChecks: expectNoChanges()},
			{
				Config: proxyWithRouting(p, "RANDOM"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(catalogAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(routing, tfjsonpath.New("load_balance_algorithm")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(routing, tfjsonpath.New("load_balance_algorithm"), knownvalue.StringExact("RANDOM"))},
			},
			{Config: proxyWithRouting(p, "RANDOM"), ConfigPlanChecks: expectNoChanges()},
		},
	})
}

// The weight warning of a routing uses the algorithm the plan leaves on a
// proxy created or changed in the same plan, not the platform's.
func TestAPIProxy_weightWarningUsesPlannedAlgorithm(t *testing.T) {
	p := newTestPlatform(t)
	for algorithm, warns := range map[string]bool{"ROUND_ROBIN": true, "WEIGHTED": false} {
		srv := protocol.NewServer(New("test")())()
		schemas := configure(t, p, srv)
		planCreate(t, srv, schemas, "platform_api_proxy", map[string]any{"project_name": "ecommerce", "name": "planned-api",
			"specification": catalogV1, "relative_paths": []any{"/planned"}, "load_balance_algorithm": algorithm})
		diags := planCreate(t, srv, schemas, "platform_proxy_routing", map[string]any{"project_name": "ecommerce",
			"api_proxy_name": "planned-api", "routing_address": []any{map[string]any{"address": "https://p.internal/v1", "weight": 3}}})
		text := strings.Join(diagLines(diags), "\n")
		if got := strings.Contains(text, "Weight has no effect") && strings.Contains(text, "balances load with ROUND_ROBIN"); got != warns {
			t.Errorf("%s: got diagnostics %q, want the weight warning: %v", algorithm, text, warns)
		}
		if _, ok := p.Proxy("ecommerce", "planned-api"); ok {
			t.Fatal("a plan created the proxy")
		}
	}
}

// planCreate plans the creation of a resource of typeName from cfg and
// returns the plan's diagnostics; an error fails the test.
func planCreate(t *testing.T, srv tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, typeName string, cfg map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	typ := schemas.ResourceSchemas[typeName].ValueType()
	config := tfValue(typ, cfg)
	resp, err := srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{TypeName: typeName,
		PriorState: dv(typ, tftypes.NewValue(typ, nil)), ProposedNewState: dv(typ, config), Config: dv(typ, config)})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("planning %s: %v %v", typeName, err, diagLines(resp.Diagnostics))
	}
	return resp.Diagnostics
}
