# Step 1: v2 starts as a CANARY beside v1, and a MIRROR sends a copy of the
# traffic to the v3 backend under test (its answers are discarded).
resource "platform_proxy_routing" "payments" {
  project_name   = "payments"
  api_proxy_name = "payments-api"

  routing_address {
    address = "https://payments-v1.internal/api"
  }
  routing_address {
    address      = "https://payments-v2.internal/api"
    address_type = "CANARY"
    description  = "v2 canary"
  }
  routing_address {
    address      = "https://payments-v3.internal/api"
    address_type = "MIRROR"
    description  = "v3 under test"
  }

  deploy_environments  = ["production"]
  wait_for_live_routes = true
}
