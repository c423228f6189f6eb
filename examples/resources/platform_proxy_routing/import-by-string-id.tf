import {
  to = platform_proxy_routing.orders
  id = "ecommerce/orders-api"
}
