# Plan-only tests with a mocked provider: the data sources return a fixed
# platform, so the naming rules can be checked without one.
mock_provider "platform" {}

# Every API has the same three versions: 1.0 and 2.0 are imported as
# platform_api_version, 3.0 (the latest) comes with the platform_api.
override_data {
  target = data.platform_apis.all
  values = {
    apis = [
      { id = "api10001.acme", name = "Orders API", versions = [{ id = "v1.acme", name = "1.0" }, { id = "v2.acme", name = "2_0" }, { id = "v3.acme", name = "3.0" }] },
      { id = "api10002.acme", name = "orders-api", versions = [{ id = "v1.acme", name = "1.0" }, { id = "v2.acme", name = "2_0" }, { id = "v3.acme", name = "3.0" }] },
      { id = "api10003.acme", name = "2fa service", versions = [{ id = "v1.acme", name = "1.0" }, { id = "v2.acme", name = "2_0" }, { id = "v3.acme", name = "3.0" }] },
      { id = "api10004.acme", name = "Zahlungsdienst Übersicht", versions = [{ id = "v1.acme", name = "1.0" }, { id = "v2.acme", name = "2_0" }, { id = "v3.acme", name = "3.0" }] },
      { id = "api10005.acme", name = "payments", versions = [{ id = "v1.acme", name = "1.0" }, { id = "v2.acme", name = "2_0" }, { id = "v3.acme", name = "3.0" }] },
      { id = "api10006.a&b<c>$${x}", name = "quoting", versions = [{ id = "v1.acme", name = "1.0" }, { id = "v2.acme", name = "2_0" }, { id = "v3.acme", name = "3.0" }] },
    ]
  }
}

override_data {
  target = data.platform_api_proxies.each
  values = {
    api_proxies = [
      { name = "orders-api", description = "", api_type = "REST", relative_path = "/orders", from_specification = true, relative_paths = ["/orders"], load_balance_algorithm = "ROUND_ROBIN" },
      { name = "billing soap", description = "", api_type = "SOAP", relative_path = "/billing", from_specification = false, relative_paths = ["/billing"], load_balance_algorithm = "WEIGHTED" },
      { name = "assistant", description = "", api_type = "AI", relative_path = "/assistant", from_specification = false, relative_paths = ["/assistant"], load_balance_algorithm = "ROUND_ROBIN" },
    ]
  }
}

variables {
  projects = ["shop", "R&D Ops #2"]
}

run "counts" {
  command = plan

  assert {
    condition     = output.api_count == 6 && output.routing_count == 4 && output.version_count == 12
    error_message = "One import per API, one per older version of each API, and one per proxy of each project."
  }
}

run "ai_proxies_are_left_out_and_named" {
  command = plan

  assert {
    condition     = !strcontains(output.import_blocks, "assistant")
    error_message = "An AI proxy's routing is not managed by platform_proxy_routing: no import block for it."
  }
  assert {
    condition     = jsonencode(output.skipped_ai_proxies) == jsonencode(["R&D Ops #2/assistant", "shop/assistant"])
    error_message = "skipped_ai_proxies names each AI proxy left out, as project/name, sorted."
  }
}

run "names_are_valid_unique_and_sorted" {
  command = plan

  assert {
    condition     = length(regexall("(?m)^  to = ", output.import_blocks)) == 22
    error_message = "import_blocks must hold one block per import."
  }
  assert {
    condition     = alltrue([for to in regexall("(?m)^  to = (\\S+)$", output.import_blocks) : can(regex("^platform_(api|api_version|proxy_routing)\\.[a-z][a-z0-9_]*$", to[0]))])
    error_message = "Every resource name must be a valid identifier."
  }
  assert {
    condition     = length(distinct(regexall("(?m)^  to = (\\S+)$", output.import_blocks))) == 22
    error_message = "Resource names must be unique."
  }
  assert {
    condition     = jsonencode([for to in regexall("(?m)^  to = (\\S+)$", output.import_blocks) : to[0]]) == jsonencode(sort([for to in regexall("(?m)^  to = (\\S+)$", output.import_blocks) : to[0]]))
    error_message = "Blocks must be sorted by address."
  }
}

run "names_follow_the_platform" {
  command = plan

  assert {
    condition = alltrue([for want in [
      "platform_api.api_2fa_service", "platform_api.zahlungsdienst_bersicht", "platform_api.payments",
      "platform_proxy_routing.shop_orders_api", "platform_proxy_routing.r_d_ops_2_billing_soap",
    ] : strcontains(output.import_blocks, "to = ${want}\n")])
    error_message = "Names are lower case, with underscores for other characters, prefixed when they start with a digit."
  }
  assert {
    condition     = length(regexall("to = platform_api\\.orders_api_[0-9a-f]{8}\n", output.import_blocks)) == 2
    error_message = "Two APIs whose names sanitise alike each get a suffix from their ID."
  }
  assert {
    condition = alltrue([for want in ["platform_api_version.payments_1_0", "platform_api_version.payments_2_0", "platform_api_version.api_2fa_service_1_0"] :
    strcontains(output.import_blocks, "to = ${want}\n")])
    error_message = "An older version is named after its API's resource and its own name."
  }
  assert {
    condition     = !strcontains(output.import_blocks, "_3_0\n")
    error_message = "The latest version comes with the platform_api, not as a platform_api_version."
  }
  assert {
    condition     = strcontains(output.import_blocks, "id = \"R&D Ops #2/billing soap\"")
    error_message = "A routing's import ID is project/proxy, quoted as is."
  }
  assert {
    # The ID is a&b<c> followed by a template sequence, which must come out as $${.
    condition     = strcontains(output.import_blocks, "id = \"api10006.a&b<c>$$") && !strcontains(output.import_blocks, "u0026")
    error_message = "IDs are quoted for HCL: characters as they are, template sequences escaped."
  }
}

run "proxies_made_from_a_document_on_request" {
  command = plan
  variables {
    import_proxies = true
  }

  assert {
    condition     = output.proxy_count == 2 && strcontains(output.import_blocks, "to = platform_api_proxy.shop_orders_api\n  id = \"shop/orders-api\"")
    error_message = "With import_proxies, a proxy made from a document is imported as platform_api_proxy, named as its routing."
  }
  assert {
    condition     = !strcontains(output.import_blocks, "platform_api_proxy.shop_billing_soap")
    error_message = "A proxy not made from a document is not imported as platform_api_proxy."
  }
}

run "no_proxies_unless_asked" {
  command = plan

  assert {
    condition     = output.proxy_count == 0 && !strcontains(output.import_blocks, "platform_api_proxy.")
    error_message = "Without import_proxies, no platform_api_proxy is imported."
  }
}

run "rejects_an_empty_project" {
  command = plan
  variables {
    projects = [""]
  }
  expect_failures = [var.projects]
}
