# Applies the module against a running mock platform (or a real one): the
# provider takes endpoint and credentials from the PLATFORM_* variables, and
# the project must hold the proxies orders-api and billing-soap. The
# repository's module tests start the standalone mock platform for it.
variables {
  project_name = "ecommerce"
  apis = {
    orders = {
      proxy_name = "orders-api"
      proxy_url  = "https://orders.broker.example.com/v1"
      backends   = [{ url = "https://orders-1.internal/v1", weight = 3 }, { url = "https://orders-2.internal/v1" }]
      live_versions = {
        "2.0" = { proxy_url = "https://orders.broker.example.com/v2" }
      }
    }
    billing = {
      proxy_name = "billing-soap"
      proxy_url  = "https://billing.broker.example.com/v1"
      backends   = [{ url = "https://billing.internal/soap" }]
    }
  }
}

run "publishes_and_routes" {
  command = apply

  assert {
    condition     = output.production_endpoints == { orders = "https://orders.broker.example.com/v1", billing = "https://billing.broker.example.com/v1" }
    error_message = "production_endpoints must be each API's proxy URL, as the platform reports it."
  }
  assert {
    condition     = alltrue([for name, id in output.api_ids : can(regex("^api[0-9]+\\.", id))])
    error_message = "api_ids must be the platform's API IDs."
  }
  assert {
    condition     = output.routing["orders"].proxy == "ecommerce/orders-api" && output.routing["orders"].api_type == "REST"
    error_message = "routing must name each API's proxy and its type."
  }
  assert {
    condition     = length(output.versions) == 3 && output.versions["orders/1.0"] != output.versions["orders/2.0"]
    error_message = "versions must hold both live versions of orders, and the one of billing, each with its own ID."
  }
  assert {
    condition     = output.routing["billing"].api_type == "SOAP" && output.routing["orders"].backends == ["https://orders-1.internal/v1", "https://orders-2.internal/v1"]
    error_message = "routing must list the backends the platform holds."
  }
}
