# Plan-only tests with a mocked provider: no platform is needed.
mock_provider "platform" {}

variables {
  project_name = "ecommerce"
  apis = {
    orders = {
      description = "Orders"
      proxy_name  = "orders-api"
      proxy_url   = "https://orders.broker.example.com/v1"
      tags        = ["shop"]
      backends = [
        { url = "https://orders-1.internal/v1", weight = 3 },
        { url = "https://orders-2.internal/v1" },
      ]
      live_versions = {
        "2.0" = { proxy_url = "https://orders.broker.example.com/v2", description = "Second release." }
      }
    }
    billing = {
      visibility = "Public"
      proxy_name = "billing-soap"
      proxy_url  = "https://billing.broker.example.com/v1"
      backends   = [{ url = "https://billing.internal/soap" }]
    }
  }
}

run "one_api_and_one_routing_per_entry" {
  command = plan

  assert {
    condition     = toset(keys(platform_api.this)) == toset(["orders", "billing"]) && toset(keys(platform_proxy_routing.this)) == toset(["orders", "billing"])
    error_message = "Each entry of apis must give one platform_api and one platform_proxy_routing, keyed by API name."
  }
}

run "each_api_gets_its_entry" {
  command = plan

  assert {
    condition     = platform_api.this["orders"].name == "orders" && platform_api.this["orders"].description == "Orders"
    error_message = "The API's name is the map key and its description the entry's."
  }
  assert {
    condition     = platform_api.this["orders"].visibility == "Limited" && platform_api.this["billing"].visibility == "Public"
    error_message = "visibility defaults to Limited and follows the entry."
  }
  assert {
    condition     = platform_api.this["orders"].version.name == "1.0" && platform_api.this["orders"].version.tags == toset(["shop"])
    error_message = "The version defaults to 1.0 and carries the entry's tags."
  }
  assert {
    condition     = platform_api.this["orders"].version.endpoints[0].uri == "https://orders.broker.example.com/v1" && platform_api.this["orders"].version.endpoints[0].category == "Production"
    error_message = "The proxy URL is the version's production endpoint."
  }
  assert {
    condition     = [for e in platform_api.this["orders"].version.target_api.endpoints : e.uri] == ["https://orders-1.internal/v1", "https://orders-2.internal/v1"]
    error_message = "The backends are the target API's endpoints, in order."
  }
}

run "each_routing_gets_its_backends" {
  command = plan

  assert {
    condition     = platform_proxy_routing.this["orders"].project_name == "ecommerce" && platform_proxy_routing.this["orders"].api_proxy_name == "orders-api"
    error_message = "The routing belongs to the entry's proxy in project_name."
  }
  assert {
    condition     = [for a in platform_proxy_routing.this["orders"].routing_address : [a.address, a.weight]] == [["https://orders-1.internal/v1", 3], ["https://orders-2.internal/v1", 1]]
    error_message = "The routing addresses are the backends with their weights, 1 by default."
  }
}

run "rejects_an_empty_project" {
  command = plan
  variables {
    project_name = " "
  }
  expect_failures = [var.project_name]
}

run "one_version_resource_per_live_version" {
  command = plan

  assert {
    condition     = toset(keys(platform_api_version.this)) == toset(["orders/2.0"])
    error_message = "Each live version of an entry must give one platform_api_version, keyed by API/version."
  }
  assert {
    condition     = platform_api_version.this["orders/2.0"].name == "2.0" && platform_api_version.this["orders/2.0"].endpoints[0].uri == "https://orders.broker.example.com/v2"
    error_message = "A live version gets its name and its own proxy URL."
  }
  assert {
    condition     = platform_api_version.this["orders/2.0"].tags == toset(["shop"]) && platform_api_version.this["orders/2.0"].description == "Second release."
    error_message = "A live version shares the API's tags and has its own description."
  }
  assert {
    condition     = platform_api_version.this["orders/2.0"].target_api.endpoints[1].uri == "https://orders-2.internal/v1"
    error_message = "A live version routes to the API's backends."
  }
}

run "rejects_a_live_version_named_like_the_api_s_own" {
  command = plan
  variables {
    apis = { orders = { proxy_name = "orders-api", proxy_url = "https://o.example.com", backends = [{ url = "https://o.internal" }],
    live_versions = { "1.0" = { proxy_url = "https://o.example.com/v1" } } } }
  }
  expect_failures = [var.apis]
}

run "rejects_an_api_without_backends" {
  command = plan
  variables {
    apis = { orders = { proxy_name = "orders-api", proxy_url = "https://o.example.com", backends = [] } }
  }
  expect_failures = [var.apis]
}

run "rejects_a_relative_backend_url" {
  command = plan
  variables {
    apis = { orders = { proxy_name = "orders-api", proxy_url = "https://o.example.com", backends = [{ url = "orders.internal" }] } }
  }
  expect_failures = [var.apis]
}

run "rejects_two_apis_on_one_proxy" {
  command = plan
  variables {
    apis = {
      a = { proxy_name = "shared", proxy_url = "https://a.example.com", backends = [{ url = "https://a.internal" }] }
      b = { proxy_name = "shared", proxy_url = "https://b.example.com", backends = [{ url = "https://b.internal" }] }
    }
  }
  expect_failures = [var.apis]
}

run "rejects_an_unknown_visibility" {
  command = plan
  variables {
    apis = { orders = { visibility = "Secret", proxy_name = "orders-api", proxy_url = "https://o.example.com", backends = [{ url = "https://o.internal" }] } }
  }
  expect_failures = [var.apis]
}
