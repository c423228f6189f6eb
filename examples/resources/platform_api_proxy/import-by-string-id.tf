import {
  to = platform_api_proxy.orders
  id = "ecommerce/orders-api-v2"
}
