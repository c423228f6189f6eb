# The configuration the list-form build applied to write list-form-state.json:
# operations in platform_api's version and its target_api, and in a
# platform_api_version and its target_api. map-form.tf is the same in the
# map form.
resource "platform_api" "orders" {
  name = "orders"
  version = {
    name      = "1.0"
    endpoints = [{ category = "Production", uri = "https://orders.broker.example.com/v1" }]
    operations = [
      { name = "listOrders", method = "GET", path = "/orders", inputs = [{ name = "status", type = "query" }, { name = "limit", type = "query" }] },
      { name = "createOrder", method = "POST", path = "/orders", input_content_type = "application/json", fault_content_type = "", inputs = [{ name = "body", type = "body" }] },
      { name = "getOrder", method = "GET", path = "/orders/{id}", output_content_type = "application/json", inputs = [{ name = "id", type = "path" }] },
    ]
    target_api = {
      type       = "shttp"
      endpoints  = [{ category = "Production", uri = "https://orders.internal.example.com/v1" }]
      operations = [{ name = "backendList", method = "GET", path = "/list" }]
    }
  }
}

resource "platform_api_version" "v2" {
  api_id = platform_api.orders.id
  name   = "2.0"
  operations = [
    { name = "listOrders", method = "GET", path = "/v2/orders" },
    { name = "getOrder", method = "GET", path = "/v2/orders/{id}", inputs = [{ name = "id", type = "path" }] },
  ]
  target_api = {
    operations = [{ name = "backendGet", method = "GET", path = "/get/{id}", inputs = [{ name = "id", type = "path" }] }]
  }
}
