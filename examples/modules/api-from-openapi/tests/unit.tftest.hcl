# Plan-only tests with a mocked provider: no platform is needed. The
# function is the provider's own even so: mock providers call the real
# provider's functions.
mock_provider "platform" {}

variables {
  document_path = "example/openapi.yaml"
  endpoints     = [{ category = "Production", uri = "https://orders.broker.example.com/v2" }]
}

run "names_from_the_documents_info" {
  command = plan

  assert {
    condition     = platform_api.this.name == "Partner Orders" && platform_api.this.description == "Orders of the shop, for partners."
    error_message = "The API's name and description must be the document's info.title and info.description."
  }
  assert {
    condition     = platform_api.this.version.name == "2.1"
    error_message = "The version's name must be the document's info.version."
  }
  assert {
    condition     = [for e in platform_api.this.version.endpoints : "${e.category} ${e.uri}"] == ["Production https://orders.broker.example.com/v2"]
    error_message = "The endpoints must be passed through."
  }
}

run "operations_from_the_documents_paths" {
  command = plan

  assert {
    condition     = { for name, op in platform_api.this.version.operations : name => "${op.method} ${op.path}" } == { listOrders = "GET /orders", createOrder = "POST /orders", getOrder = "GET /orders/{orderId}", cancelOrder = "DELETE /orders/{orderId}" }
    error_message = "One operation per method of each path, keyed by its operationId."
  }
  assert {
    condition     = [for i in platform_api.this.version.operations["listOrders"].inputs : "${i.name}/${i.type}"] == ["status/query"]
    error_message = "An operation's parameters are its inputs."
  }
  assert {
    condition     = platform_api.this.version.operations["createOrder"].input_content_type == "application/json" && platform_api.this.version.operations["createOrder"].fault_content_type == "application/problem+json"
    error_message = "The content types come from the request body and the responses."
  }
  assert {
    condition     = [for i in platform_api.this.version.operations["cancelOrder"].inputs : "${i.name}/${i.type}"] == ["orderId/path"] && platform_api.this.version.operations["cancelOrder"].output_content_type == null
    error_message = "Path-level parameters apply to each operation; no media type is null."
  }
}

run "given_names_win" {
  command = plan
  variables {
    name         = "orders"
    description  = "Ours."
    version_name = "2.1-beta"
  }

  assert {
    condition     = platform_api.this.name == "orders" && platform_api.this.description == "Ours." && platform_api.this.version.name == "2.1-beta"
    error_message = "name, description and version_name win over the document's info."
  }
}

run "a_json_swagger_document" {
  command = plan
  variables {
    document_path = "tests/legacy.json"
  }

  assert {
    condition     = platform_api.this.name == "Legacy 👍" && platform_api.this.description == null && platform_api.this.version.name == "0.9"
    error_message = "A JSON document is read as JSON; no info.description gives none."
  }
  assert {
    condition     = [for name, op in platform_api.this.version.operations : name] == ["get_status"] && platform_api.this.version.operations["get_status"].output_content_type == "application/json"
    error_message = "An operation without operationId is named after its method and path."
  }
}

run "needs_a_name" {
  command = plan
  variables {
    document_path = "tests/no-title.yaml"
  }
  expect_failures = [platform_api.this]
}

run "rejects_an_unknown_category" {
  command = plan
  variables {
    endpoints = [{ category = "Staging", uri = "https://o.example.com" }]
  }
  expect_failures = [var.endpoints]
}
