# A canary before a cut-over, on the routing vendor's current release: the
# CANARY address takes a share of the traffic beside the PRIMARY one. Every
# change is deployed to production, and the apply ends once the gateways
# serve it.
resource "platform_proxy_routing" "payments" {
  project_name   = "ecommerce"
  api_proxy_name = "payments-api"

  routing_address {
    address = "https://payments-v1.internal/api"
  }
  routing_address {
    address      = "https://payments-v2.internal/api"
    address_type = "CANARY"
    description  = "v2 canary"
  }

  deploy_environments  = ["production"]
  wait_for_live_routes = true
}
