# Terraform 1.12+ and OpenTofu 1.12: import by the resource's identity.
import {
  to = platform_proxy_routing.orders
  identity = {
    project_name   = "ecommerce"
    api_proxy_name = "orders-api"
  }
}
