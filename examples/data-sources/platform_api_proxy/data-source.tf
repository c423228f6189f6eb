data "platform_api_proxy" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"
}

# Decide a module's inputs from the proxy's type and current routing.
output "orders_is_soap" {
  value = data.platform_api_proxy.orders.api_type == "SOAP"
}

output "orders_backends" {
  value = [for a in data.platform_api_proxy.orders.routing_addresses : a.address]
}
