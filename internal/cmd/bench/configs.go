package main

import (
	"fmt"
	"strings"
)

// kind is one thing measured: a resource type and its floor twin.
type kind struct {
	name   string
	config func(n int) string
}

// Every configuration takes var.gen; the update phase raises it, which
// changes every resource.
const genVar = `
variable "gen" {
  type    = number
  default = 1
}
`

func routingConfig(n int) string {
	return providerBlock + genVar + fmt.Sprintf(`
resource "platform_proxy_routing" "r" {
  count          = %d
  project_name   = "bench"
  api_proxy_name = "proxy-${count.index}"

  routing_address {
    address = "https://a-${count.index}.internal/v1"
    weight  = var.gen + 1
  }
  routing_address {
    address = "https://b-${count.index}.internal/v1"
  }
}
`, n)
}

// apiConfig is the seed sample's shape: two endpoints, one operation, one
// policy and a target API.
func apiConfig(n int) string {
	return providerBlock + genVar + fmt.Sprintf(`
resource "platform_api" "a" {
  count       = %d
  name        = "bench-api-${count.index}"
  description = "generation ${var.gen}"
  visibility  = "Public"

  version {
    name            = "1.0"
    default_profile = "XML or JSON in/XML or JSON out"
    tags            = ["bench"]
%s
  }
}
`, n, apiVersionBody)
}

const apiVersionBody = `
    endpoint {
      category = "Production"
      uri      = "http://bench-${count.index}.broker.example.com:80/payments"
      cname    = "bench-${count.index}.broker.example.com"
    }
    endpoint {
      category = "Sandbox"
      uri      = "http://bench-${count.index}-sandbox.broker.example.com:80/payments"
    }
    operation {
      name                = "Default_Operation"
      method              = "GET"
      path                = "/{path:.+|}"
      input_content_type  = "application/xml,text/xml,application/json"
      output_content_type = "application/xml,text/xml,application/json"
      input {
        name = "path"
        type = "path"
      }
    }
    policy {
      key  = "urn:uuid:6282f78f-8a81-11e1-8112-b4822b49f412"
      type = "Operational Policy"
    }
    target_api {
      type = "shttp"
      endpoint {
        category              = "Production"
        uri                   = "http://www.acme.com/api/v1/"
        connection_properties = { "http.chunked.encoding" = "false" }
      }
    }`

// floorConfig is terraform_data carrying a payload shaped and sized like the
// resource's state: Terraform's own per-resource cost with no provider I/O.
func floorConfig(of string) func(n int) string {
	return func(n int) string {
		payload := routingPayload
		if of == "api" {
			payload = apiPayload
		}
		return genVar + fmt.Sprintf(`
resource "terraform_data" "f" {
  count = %d
  input = %s
}
`, n, strings.TrimSpace(payload))
	}
}

const routingPayload = `{
    id                     = "bench/proxy-${count.index}"
    project_name           = "bench"
    api_proxy_name         = "proxy-${count.index}"
    api_type               = "REST"
    load_balance_algorithm = "ROUND_ROBIN"
    routing_address = [
      { address = "https://a-${count.index}.internal/v1", weight = var.gen + 1, soap_type = null },
      { address = "https://b-${count.index}.internal/v1", weight = 1, soap_type = null },
    ]
  }`

const apiPayload = `{
    id                  = "api${count.index}.acmepaymentscorp"
    name                = "bench-api-${count.index}"
    description         = "generation ${var.gen}"
    visibility          = "Public"
    picture_id          = null
    version_id          = "apiversion${count.index}.acmepaymentscorp"
    latest_version_id   = "apiversion${count.index}.acmepaymentscorp"
    state               = "com.soa.api.state.open"
    production_endpoint = "http://bench-${count.index}.broker.example.com:80/payments"
    sandbox_endpoint    = "http://bench-${count.index}-sandbox.broker.example.com:80/payments"
    admin_group_id      = "group${count.index}.acmepaymentscorp"
    avatar_url          = "http://127.0.0.1:8080/api/apis/api${count.index}.acmepaymentscorp/avatar"
    created             = "2026-11-23T20:00:00Z"
    updated             = "2026-11-23T20:00:00Z"
    version = {
      name = "1.0", description = null, visibility = "Limited", type = "shttp"
      default_profile = "XML or JSON in/XML or JSON out", tags = ["bench"]
      production_endpoint_access_auto_approved = false, sandbox_endpoint_access_auto_approved = false
      endpoint = [
        { category = "Production", uri = "http://bench-${count.index}.broker.example.com:80/payments", cname = "bench-${count.index}.broker.example.com", deployment_zone_rule = null, connection_properties = null },
        { category = "Sandbox", uri = "http://bench-${count.index}-sandbox.broker.example.com:80/payments", cname = null, deployment_zone_rule = null, connection_properties = null },
      ]
      operation = [{ name = "Default_Operation", method = "GET", path = "/{path:.+|}", input_content_type = "application/xml,text/xml,application/json", output_content_type = "application/xml,text/xml,application/json", fault_content_type = null, input = [{ name = "path", type = "path" }] }]
      policy    = [{ key = "urn:uuid:6282f78f-8a81-11e1-8112-b4822b49f412", type = "Operational Policy" }]
      target_api = {
        type = "shttp", default_profile = null
        endpoint  = [{ category = "Production", uri = "http://www.acme.com/api/v1/", cname = null, deployment_zone_rule = null, connection_properties = { "http.chunked.encoding" = "false" } }]
        operation = [], policy = []
      }
    }
  }`

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
