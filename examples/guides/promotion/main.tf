# Every apply saves the routing and deploys it to test, waiting until the
# test gateways serve it. Production gets it only when the pipeline, once
# its checks against test have passed, runs:
#
#   terraform apply -invoke=action.platform_deploy.production
#
# A rollback of production is the same command after reverting the routing
# (an apply deploys the reverted routing to test first).
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"

  routing_address {
    address = "https://orders-1.internal:8443/v1"
  }
  routing_address {
    address = "https://orders-2.internal:8443/v1"
  }

  deploy_environments  = ["test"]
  wait_for_live_routes = true
}

action "platform_deploy" "production" {
  config {
    project_name         = platform_proxy_routing.orders.project_name
    api_proxy_name       = platform_proxy_routing.orders.api_proxy_name
    environments         = ["production"]
    wait_for_live_routes = true
  }
}
