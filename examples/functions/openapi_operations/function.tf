# The operations of an API version, from the OpenAPI document kept next to
# the configuration: a plan shows each added, removed or changed operation.
resource "platform_api" "orders" {
  name = "orders"

  version = {
    name       = "1.0"
    endpoints  = [{ category = "Production", uri = "https://orders.broker.example.com/v1" }]
    operations = provider::platform::openapi_operations(file("${path.module}/openapi.yaml"))
  }
}

# The function's result is a list of objects; pick from it like any list.
output "read_only_operations" {
  value = [
    for op in provider::platform::openapi_operations(file("${path.module}/openapi.yaml")) :
    op.name if contains(["GET", "HEAD"], op.method)
  ]
}
