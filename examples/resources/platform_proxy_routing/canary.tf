# A canary rollout: one request in ten goes to the new backend. The proxy's
# load-balance algorithm must be WEIGHTED (it is set on the platform, and the
# plan warns when it is not); every change is deployed to production.
resource "platform_proxy_routing" "payments" {
  project_name   = "ecommerce"
  api_proxy_name = "payments-api"

  routing_address {
    address = "https://payments-v1.internal/api"
    weight  = 9
  }
  routing_address {
    address = "https://payments-v2.internal/api" # the canary
    weight  = 1
  }

  deploy_environments = ["production"]
}
