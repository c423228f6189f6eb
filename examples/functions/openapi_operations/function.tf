# The operations of an API version, from the OpenAPI document kept next to
# the configuration, keyed by name: a plan shows each added, removed or
# changed operation by its name.
resource "platform_api" "orders" {
  name = "orders"

  version = {
    name       = "1.0"
    endpoints  = [{ category = "Production", uri = "https://orders.broker.example.com/v1" }]
    operations = provider::platform::openapi_operations(file("${path.module}/openapi.yaml"))
  }
}

# The function's result is a map of objects by name; pick from it like any map.
output "read_only_operations" {
  value = [
    for name, op in provider::platform::openapi_operations(file("${path.module}/openapi.yaml")) :
    name if contains(["GET", "HEAD"], op.method)
  ]
}
