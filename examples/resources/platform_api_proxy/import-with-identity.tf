# Terraform 1.12+ and OpenTofu 1.12: import by the resource's identity.
import {
  to = platform_api_proxy.orders
  identity = {
    project_name = "ecommerce"
    name         = "orders-api-v2"
  }
}
