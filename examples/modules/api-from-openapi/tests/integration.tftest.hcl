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
