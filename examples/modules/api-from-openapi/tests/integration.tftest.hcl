# Applies the module against a running mock platform (or a real one): the
# provider takes endpoint and credentials from the PLATFORM_* variables. The
# repository's module tests start the standalone mock platform for it.
variables {
  document_path = "example/openapi.yaml"
  endpoints     = [{ category = "Production", uri = "https://orders.broker.example.com/v2" }]
}

run "publishes_the_document" {
  command = apply

  assert {
    condition     = can(regex("^api[0-9]+\\.", output.api_id))
    error_message = "api_id must be the platform's API ID."
  }
  assert {
    condition     = output.production_endpoint == "https://orders.broker.example.com/v2"
    error_message = "production_endpoint must be the endpoint given, as the platform reports it."
  }
  assert {
    condition     = output.operations == { listOrders = "GET /orders", createOrder = "POST /orders", getOrder = "GET /orders/{orderId}", cancelOrder = "DELETE /orders/{orderId}" }
    error_message = "The platform must hold the document's operations."
  }
}

# The same module call with a proxy: from the document to live traffic in one
# apply (the catalog entry, the proxy, its routing, deployed to test, the
# apply waiting until every gateway pod serves it).
run "to_live_traffic" {
  command = apply
  variables {
    proxy = {
      project_name        = "ecommerce"
      name                = "partner-orders"
      relative_paths      = ["/partner-orders"]
      backends            = [{ address = "https://orders-1.internal/v1" }]
      deploy_environments = ["test"]
    }
  }

  assert {
    condition     = output.proxy_id == "ecommerce/partner-orders"
    error_message = "proxy_id must be project/name."
  }
  assert {
    condition     = output.proxy_operations == toset(["GET /orders", "POST /orders", "GET /orders/{orderId}", "DELETE /orders/{orderId}"])
    error_message = "The platform must report the document's operations for the proxy."
  }
}

# A new document: the catalog entry and the proxy both get the new operation.
run "a_new_document" {
  command = apply
  variables {
    document_path = "tests/openapi-v2.yaml"
    proxy = {
      project_name        = "ecommerce"
      name                = "partner-orders"
      relative_paths      = ["/partner-orders"]
      backends            = [{ address = "https://orders-1.internal/v1" }]
      deploy_environments = ["test"]
    }
  }

  assert {
    condition     = contains(output.proxy_operations, "GET /orders/{orderId}/shipments") && length(output.proxy_operations) == 5
    error_message = "The proxy must be re-parsed from the new document."
  }
  assert {
    condition     = output.operations["listShipments"] == "GET /orders/{orderId}/shipments"
    error_message = "The catalog entry must have the new operation."
  }
}
