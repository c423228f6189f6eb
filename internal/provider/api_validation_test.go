package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// terraform plan -generate-config-out on an import block writes a
// configuration that plans with no changes.
func TestAccAPI_generatedConfigPlansClean(t *testing.T) {
	p := newTestPlatform(t)
	cfg := p.providerConfig() + seedExample(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Config:          p.providerConfig(),
				ResourceName:    paymentsAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
			},
		},
	})
}
