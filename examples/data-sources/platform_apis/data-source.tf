# Every API of the catalog whose name starts with "orders", with one request.
data "platform_apis" "orders" {
  name_regex = "^orders"
}

output "orders_api_ids" {
  value = { for a in data.platform_apis.orders.apis : a.name => a.id }
}

# Every API with its versions, oldest first, in one read of the data source
# (one request per API, ten at a time): the last version is each API's latest.
data "platform_apis" "all" {
  include_versions = true
}

output "older_versions" {
  value = {
    for a in data.platform_apis.all.apis : a.name => [for v in slice(a.versions, 0, length(a.versions) - 1) : v.id]
  }
}
