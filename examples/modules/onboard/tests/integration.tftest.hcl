# Reads a running mock platform (or a real one) through the provider's
# PLATFORM_* variables: the project "ecommerce" holds the proxies orders-api,
# billing-soap and orders-dr-api (as make mock's platform does), and the
# catalog at least one API.
variables {
  projects = ["ecommerce"]
}

run "lists_what_the_platform_holds" {
  command = apply

  assert {
    condition     = output.routing_count == 3 && output.api_count >= 1
    error_message = "The module must list the project's three proxies and the catalog's APIs."
  }
  assert {
    condition     = strcontains(output.import_blocks, "to = platform_proxy_routing.ecommerce_orders_api\n  id = \"ecommerce/orders-api\"")
    error_message = "import_blocks must import the routing of ecommerce/orders-api."
  }
}
