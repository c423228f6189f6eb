# Terraform 1.14.1 and later: deploy to production after every apply that
# creates or changes the routing. (Terraform 1.14.0 runs after_create and
# after_update triggers before the resource is applied, so the deployment
# would carry the previous routing: use -invoke there.)
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"

  routing_address {
    address = "https://orders-1.internal:8443/v1"
  }

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.platform_deploy.production]
    }
  }
}
