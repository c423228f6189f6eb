# Reads a running mock platform (or a real one) through the provider's
# PLATFORM_* variables: the project "ecommerce" holds the proxies orders-api
# and billing-soap, and the catalog holds at least the API "payments".
variables {
  projects = ["ecommerce"]
}

run "lists_what_the_platform_holds" {
  command = apply

  assert {
    condition     = output.routing_count == 2 && output.api_count >= 1
    error_message = "The module must list the project's two proxies and the catalog's APIs."
  }
  assert {
    condition     = strcontains(output.import_blocks, "to = platform_proxy_routing.ecommerce_orders_api\n  id = \"ecommerce/orders-api\"")
    error_message = "import_blocks must import the routing of ecommerce/orders-api."
  }
}
