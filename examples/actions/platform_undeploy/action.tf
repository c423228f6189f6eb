# terraform apply -invoke=action.platform_undeploy.sandbox
action "platform_undeploy" "sandbox" {
  config {
    project_name   = "ecommerce"
    api_proxy_name = "orders-api"
    environments   = ["sandbox"]
  }
}
