# Step 2, the cut-over: v2 is the PRIMARY address (address_type unset), v1
# is gone, and the mirror stays.
resource "platform_proxy_routing" "payments" {
  project_name   = "payments"
  api_proxy_name = "payments-api"

  routing_address {
    address     = "https://payments-v2.internal/api"
    description = "v2"
  }
  routing_address {
    address      = "https://payments-v3.internal/api"
    address_type = "MIRROR"
    description  = "v3 under test"
  }

  deploy_environments  = ["production"]
  wait_for_live_routes = true
}
