# Every API of the catalog whose name starts with "orders", with one request.
data "platform_apis" "orders" {
  name_regex = "^orders"
}

output "orders_api_ids" {
  value = { for a in data.platform_apis.orders.apis : a.name => a.id }
}
