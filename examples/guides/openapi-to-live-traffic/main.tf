# The Partner Orders API from its OpenAPI document to live traffic in one
# apply: the catalog entry (platform_api), the gateway proxy
# (platform_api_proxy), its routing to the backends, its deployment to test,
# and a wait until every gateway pod serves it.
terraform {
  required_version = ">= 1.8" # the module calls a provider function
  required_providers {
    platform = {
      source = "apiplatform/platform"
    }
  }
}

provider "platform" {} # PLATFORM_* environment variables: the catalog login and the token

module "orders" {
  source        = "../../modules/api-from-openapi" # from a clone; elsewhere "git::https://github.com/apiplatform/terraform-provider-platform.git//examples/modules/api-from-openapi"
  document_path = "${path.module}/openapi.yaml"
  endpoints     = [{ category = "Production", uri = "https://orders.broker.example.com/v2" }]

  proxy = {
    project_name           = "ecommerce"
    name                   = "partner-orders"
    relative_paths         = ["/partner-orders"]
    load_balance_algorithm = "WEIGHTED"
    backends = [
      { address = "https://orders-1.internal:8443/v1", weight = 3 },
      { address = "https://orders-2.internal:8443/v1" },
    ]
    deploy_environments = ["test"]
  }
}

output "proxy_operations" {
  value = module.orders.proxy_operations
}
