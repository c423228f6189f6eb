package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
	"github.com/apiplatform/terraform-provider-platform/internal/wire"
)

// importByIdentity sends ImportResourceState with identity, as Terraform
// 1.12+ and OpenTofu 1.12 do for an import block with identity, and returns
// the imported state's attributes and identity.
func importByIdentity(t *testing.T, srv tfprotov6.ProviderServer, typeName string, identity map[string]string) (map[string]tftypes.Value, map[string]tftypes.Value) {
	t.Helper()
	ctx := context.Background()
	schemas, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || schemas.IdentitySchemas[typeName] == nil {
		t.Fatalf("no identity schema for %s: %v", typeName, err)
	}
	ityp := schemas.IdentitySchemas[typeName].ValueType()
	vals := map[string]tftypes.Value{}
	for k, v := range identity {
		vals[k] = tftypes.NewValue(tftypes.String, v)
	}
	data, _ := tfprotov6.NewDynamicValue(ityp, tftypes.NewValue(ityp, vals))
	resp, err := srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName,
		Identity: &tfprotov6.ResourceIdentityData{IdentityData: &data}})
	if err != nil || len(resp.Diagnostics) > 0 || len(resp.ImportedResources) != 1 {
		t.Fatalf("import by identity: %v %v", err, resp.Diagnostics)
	}
	return unpack(t, resp.ImportedResources[0].State, srv, typeName), unpackIdentity(t, resp.ImportedResources[0].Identity, ityp)
}

func unpack(t *testing.T, dv *tfprotov6.DynamicValue, srv tfprotov6.ProviderServer, typeName string) map[string]tftypes.Value {
	t.Helper()
	schemas, _ := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	v, err := dv.Unmarshal(schemas.ResourceSchemas[typeName].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tftypes.Value{}
	if err := v.As(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func unpackIdentity(t *testing.T, id *tfprotov6.ResourceIdentityData, typ tftypes.Type) map[string]tftypes.Value {
	t.Helper()
	if id == nil || id.IdentityData == nil {
		t.Fatal("no identity in the answer")
	}
	v, err := id.IdentityData.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tftypes.Value{}
	if err := v.As(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func str(t *testing.T, v tftypes.Value) string {
	t.Helper()
	var s string
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Every resource imports by identity at the protocol level, whatever the
// CLI running the rest of the suite supports.
func TestImportByIdentityProtocol(t *testing.T) {
	p := newTestPlatform(t)
	srv := protocol.NewServer(New("test")())()
	configure(t, p, srv)

	state, identity := importByIdentity(t, srv, "platform_proxy_routing", map[string]string{"project_name": "ecommerce", "api_proxy_name": "orders-api"})
	if str(t, state["id"]) != "ecommerce/orders-api" || str(t, state["api_proxy_name"]) != "orders-api" ||
		str(t, identity["project_name"]) != "ecommerce" || str(t, identity["api_proxy_name"]) != "orders-api" {
		t.Fatalf("routing imported as %v with identity %v", state, identity)
	}

	id := p.InsertAPI("payments")
	state, identity = importByIdentity(t, srv, "platform_api", map[string]string{"id": id})
	if str(t, state["id"]) != id || str(t, identity["id"]) != id {
		t.Fatalf("API imported as %v with identity %v", state, identity)
	}

	vid := p.AddVersion(id, wire.APIVersion{Name: "2.0"})
	state, identity = importByIdentity(t, srv, "platform_api_version", map[string]string{"id": vid})
	if str(t, state["id"]) != vid || str(t, identity["id"]) != vid {
		t.Fatalf("version imported as %v with identity %v", state, identity)
	}
}

// With a CLI that supports identities (Terraform 1.12+, OpenTofu 1.12; make
// testacc-tofu), an import block with identity imports every resource and
// plans clean. Terraform 1.11 skips this test and imports by ID elsewhere.
// An identity names the API, not a version: platform_api imported by
// identity manages the API's latest version, so it is imported here before
// a platform_api_version adds a newer one (after that, the import ID
// APIID/APIVersionID is the way; TestAccAPIVersion_twoLiveVersions).
func TestAccImportByIdentity(t *testing.T) {
	p := newTestPlatform(t)
	p.SetRoutingAddresses("ecommerce", "orders-api", []wire.RoutingAddress{{Address: "https://orders-1.internal:8443/v1", Weight: 3}})
	cfg := p.providerConfig() + `
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
  routing_address {
    address = "https://orders-1.internal:8443/v1"
    weight  = 3
  }
}
` + minimalAPI("payments", "")
	withVersion := cfg + `
resource "platform_api_version" "v2" {
  api_id = platform_api.payments.id
  name   = "2.0"
}
`
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{Config: cfg, ResourceName: ordersAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: cfg, ResourceName: paymentsAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: withVersion},
			{Config: withVersion, ResourceName: "platform_api_version.v2", ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}
