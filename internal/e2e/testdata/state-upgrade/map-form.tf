# list-form.tf in the map form: the configuration a user has after the
# one-line rewrite of each operations list.
resource "platform_api" "orders" {
  name = "orders"
  version = {
    name      = "1.0"
    endpoints = [{ category = "Production", uri = "https://orders.broker.example.com/v1" }]
    operations = {
      listOrders  = { method = "GET", path = "/orders", inputs = [{ name = "status", type = "query" }, { name = "limit", type = "query" }] }
      createOrder = { method = "POST", path = "/orders", input_content_type = "application/json", fault_content_type = "", inputs = [{ name = "body", type = "body" }] }
      getOrder    = { method = "GET", path = "/orders/{id}", output_content_type = "application/json", inputs = [{ name = "id", type = "path" }] }
    }
    target_api = {
      type       = "shttp"
      endpoints  = [{ category = "Production", uri = "https://orders.internal.example.com/v1" }]
      operations = { backendList = { method = "GET", path = "/list" } }
    }
  }
}

resource "platform_api_version" "v2" {
  api_id = platform_api.orders.id
  name   = "2.0"
  operations = {
    listOrders = { method = "GET", path = "/v2/orders" }
    getOrder   = { method = "GET", path = "/v2/orders/{id}", inputs = [{ name = "id", type = "path" }] }
  }
  target_api = {
    operations = { backendGet = { method = "GET", path = "/get/{id}", inputs = [{ name = "id", type = "path" }] } }
  }
}
