package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Each user mistake in a platform_api configuration is a plan-time error
// that names the attribute path and the bad value; nothing reaches the mock.
func TestAccAPI_planTimeErrors(t *testing.T) {
	cases := []struct {
		name, config, want string
	}{
		{"empty name", `
resource "platform_api" "payments" {
  name = ""
  version { name = "1.0" }
}`, `Attribute name must not be empty or blank, got: ""`},
		{"blank version name", `
resource "platform_api" "payments" {
  name = "a"
  version { name = "  " }
}`, `Attribute version.name must not be empty or blank, got: "  "`},
		{"missing version block", `
resource "platform_api" "payments" {
  name = "a"
}`, `Block version must have a configuration value`},
		{"visibility outside the enum", `
resource "platform_api" "payments" {
  name       = "a"
  visibility = "Secret"
  version { name = "1.0" }
}`, `Attribute visibility value must be one of:.*got: "Secret"`},
		{"version visibility outside the enum", `
resource "platform_api" "payments" {
  name = "a"
  version {
    name       = "1.0"
    visibility = "public"
  }
}`, `Attribute version.visibility value must be one of:.*got: "public"`},
		{"endpoint category outside the enum", `
resource "platform_api" "payments" {
  name = "a"
  version {
    name = "1.0"
    endpoint {
      category = "Staging"
      uri      = "https://a.example.com"
    }
  }
}`, `Attribute version.endpoint\[0\].category value must be one of:.*got: "Staging"`},
		{"endpoint uri not absolute", `
resource "platform_api" "payments" {
  name = "a"
  version {
    name = "1.0"
    endpoint {
      category = "Production"
      uri      = "/payments"
    }
  }
}`, `Attribute version.endpoint\[0\].uri must be an absolute http or https URL.*got: "/payments"`},
		{"target endpoint uri with another scheme", `
resource "platform_api" "payments" {
  name = "a"
  version {
    name = "1.0"
    target_api {
      endpoint {
        category = "Production"
        uri      = "ftp://backend.example.com"
      }
    }
  }
}`, `Attribute version.target_api.endpoint\[0\].uri must be an absolute http or https URL.*got: "ftp://backend.example.com"`},
		{"method outside the enum", `
resource "platform_api" "payments" {
  name = "a"
  version {
    name = "1.0"
    operation {
      name   = "op"
      method = "FETCH"
    }
  }
}`, `Attribute version.operation\[0\].method value must be one of:.*got: "FETCH"`},
		{"two operations with one name", `
resource "platform_api" "payments" {
  name = "a"
  version {
    name = "1.0"
    operation { name = "op" }
    operation { name = "other" }
    operation { name = "op" }
  }
}`, `Duplicate operation name.*version.operation\[2\].name: the operation name "op" is already used by version.operation\[0\]`},
		{"two target operations with one name", `
resource "platform_api" "payments" {
  name = "a"
  version {
    name = "1.0"
    target_api {
      operation { name = "op" }
      operation { name = "op" }
    }
  }
}`, `Duplicate operation name.*"op" is already used by version.target_api.operation\[0\]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPlatform(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6Factories(),
				Steps: []resource.TestStep{{
					Config: p.providerConfig() + tc.config, PlanOnly: true, ExpectError: errorLike(tc.want),
				}},
			})
			if n := p.CountRequests("", "/"); n != 0 {
				t.Errorf("the mock received %d requests; a plan-time error must stop before any", n)
			}
		})
	}
}

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
	_ = fmt.Sprint
}
