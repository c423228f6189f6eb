# The gateway proxy of the orders API, made from its OpenAPI document and
# deployed to test; its backends are platform_proxy_routing's.
resource "platform_api_proxy" "orders" {
  project_name           = "ecommerce"
  name                   = "orders-api-v2"
  description            = "Orders API"
  specification          = file("${path.module}/orders.yaml") # or specification_url = "https://specs.internal/orders.yaml"
  relative_paths         = ["/orders"]
  load_balance_algorithm = "WEIGHTED" # ROUND_ROBIN (default) | WEIGHTED | LRU | RANDOM | PICK_FIRST
  deploy_environments    = ["test"]   # deployed on create and after every re-parse
}

# Created in the same apply: the reference makes Terraform create the proxy
# first, and the plan already knows its algorithm (no weight warning).
resource "platform_proxy_routing" "orders" {
  project_name   = platform_api_proxy.orders.project_name
  api_proxy_name = platform_api_proxy.orders.name

  routing_address {
    address = "https://orders-1.internal:8443/v1"
    weight  = 3
  }
  routing_address {
    address = "https://orders-2.internal:8443/v1"
  }

  deploy_environments  = ["test"]
  wait_for_live_routes = true
}

output "orders_operations" {
  value = platform_api_proxy.orders.operations # e.g. ["GET /orders", "POST /orders", ...]
}
