package main

import (
	"fmt"
	"strings"
)

// kind is one thing measured: a resource type and its floor twin.
type kind struct {
	name   string
	config func(n int) string
	// legacy is the configuration in the syntax of an earlier build, for
	// -baseline, where it differs.
	legacy func(n int) string
}

// Every configuration takes var.gen; the update phase raises it, which
// changes every resource.
const genVar = `
variable "gen" {
  type    = number
  default = 1
}
`

func routingConfig(n int) string { return deployedRoutingConfig()(n) }

// deployedRoutingConfig deploys every change to the bench project's first
// environments (none, test, then production too).
func deployedRoutingConfig(envs ...string) func(n int) string {
	deploy := ""
	if len(envs) > 0 {
		deploy = fmt.Sprintf("\n  deploy_environments = [\"%s\"]\n", strings.Join(envs, `", "`))
	}
	return func(n int) string {
		return providerBlock + genVar + fmt.Sprintf(`
resource "platform_proxy_routing" "r" {
  count          = %d
  project_name   = "bench"
  api_proxy_name = "proxy-${count.index}"
%s
  routing_address {
    address = "https://a-${count.index}.internal/v1"
    weight  = var.gen + 1
  }
  routing_address {
    address = "https://b-${count.index}.internal/v1"
  }
}
`, n, deploy)
	}
}

// apiConfig is the seed sample's shape: two endpoints, one operation, one
// policy and a target API.
func apiConfig(n int) string { return apiConfigWith(1, false)(n) }

// apiConfigWith is apiConfig with k operations, in the list form earlier
// builds took when listForm is set.
func apiConfigWith(k int, listForm bool) func(n int) string {
	return func(n int) string { return apiConfigOps(n, operations(k, listForm)) }
}

func apiConfigOps(n int, ops string) string {
	return providerBlock + genVar + fmt.Sprintf(`
resource "platform_api" "a" {
  count       = %d
  name        = "bench-api-${count.index}"
  description = "generation ${var.gen}"
  visibility  = "Public"

  version = {
    name            = "1.0"
    default_profile = "XML or JSON in/XML or JSON out"
    tags            = ["bench"]
%s
  }
}
`, n, apiVersionBody(ops))
}

// apiVersionConfig is the same version body as apiConfig's, as N further
// versions of one API; the API itself is one more resource, about 1/N of
// every per-resource figure.
func apiVersionConfig(n int) string { return apiVersionConfigOps(n, operations(1, false)) }

func apiVersionConfigOps(n int, ops string) string {
	return providerBlock + genVar + fmt.Sprintf(`
resource "platform_api" "host" {
  name = "bench-version-host"
  version = {
    name = "host"
  }
}

resource "platform_api_version" "v" {
  count           = %d
  api_id          = platform_api.host.id
  name            = "v${count.index}"
  description     = "generation ${var.gen}"
  visibility      = "Public"
  default_profile = "XML or JSON in/XML or JSON out"
  tags            = ["bench"]
%s
}
`, n, apiVersionBody(ops))
}

// apiVersionBody is the version body of the seed sample's shape with ops
// as its operations.
func apiVersionBody(ops string) string {
	return `
    endpoints = [
      {
        category = "Production"
        uri      = "http://bench-${count.index}.broker.example.com:80/payments"
        cname    = "bench-${count.index}.broker.example.com"
      },
      {
        category = "Sandbox"
        uri      = "http://bench-${count.index}-sandbox.broker.example.com:80/payments"
      },
    ]
` + ops + `
    policies = [{ key = "urn:uuid:6282f78f-8a81-11e1-8112-b4822b49f412", type = "Operational Policy" }]
    target_api = {
      type = "shttp"
      endpoints = [{
        category              = "Production"
        uri                   = "http://www.acme.com/api/v1/"
        connection_properties = { "http.chunked.encoding" = "false" }
      }]
    }`
}

// operations is k operations, as a map by name (listForm false) or as the
// list earlier builds took.
func operations(k int, listForm bool) string {
	var b strings.Builder
	if listForm {
		b.WriteString("    operations = [\n")
	} else {
		b.WriteString("    operations = {\n")
	}
	for i := range k {
		name := "Default_Operation"
		if i > 0 {
			name = fmt.Sprintf("op_%d", i)
		}
		body := fmt.Sprintf(`method = "GET", path = "/r%d/{path:.+|}", input_content_type = "application/xml,text/xml,application/json", `+
			`output_content_type = "application/xml,text/xml,application/json", inputs = [{ name = "path", type = "path" }]`, i)
		if listForm {
			fmt.Fprintf(&b, "      { name = %q, %s },\n", name, body)
		} else {
			fmt.Fprintf(&b, "      %s = { %s }\n", name, body)
		}
	}
	if listForm {
		b.WriteString("    ]")
	} else {
		b.WriteString("    }")
	}
	return b.String()
}

// floorConfig is terraform_data whose state per resource is about the size
// of the resource's own (PERF-NOTES.md): a string payload, since
// terraform_data keeps its input twice (input and output) and an object
// payload would also carry its type, which made a state five times larger.
func floorConfig(padding int) func(n int) string {
	return func(n int) string {
		return genVar + fmt.Sprintf(`
locals {
  pad = %q
}

resource "terraform_data" "f" {
  count = %d
  input = "${var.gen}:${count.index}:${local.pad}"
}
`, strings.Repeat("x", padding), n)
	}
}

const providerBlock = `
terraform {
  required_providers {
    platform = {
      source = "apiplatform/platform"
    }
  }
}

provider "platform" {}
`
