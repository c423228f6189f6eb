# A disaster-recovery site that takes traffic only while no PRIMARY address
# is healthy; the gateways probe both addresses' health check.
resource "platform_proxy_routing" "orders_dr" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-dr-api"

  routing_address {
    address                   = "https://orders.internal:8443/v1"
    health_check_path         = "/health"
    health_monitoring_enabled = true
  }
  routing_address {
    address                   = "https://orders.dr-site.example.com:8443/v1"
    address_type              = "FAILOVER_ONLY"
    description               = "DR site"
    health_check_path         = "/health"
    health_monitoring_enabled = true
  }

  deploy_environments = ["production"]
}
