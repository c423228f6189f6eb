# terraform apply -invoke=action.platform_deploy.production
action "platform_deploy" "production" {
  config {
    project_name         = "ecommerce"
    api_proxy_name       = "orders-api"
    environments         = ["production"]
    wait_for_live_routes = true
    timeout              = "10m"
  }
}
