# Publishes the Partner Orders API from its OpenAPI document: the API's name,
# description and version come from the document's info, the operations
# from its paths.
terraform {
  required_version = ">= 1.8"
  required_providers {
    platform = {
      source  = "apiplatform/platform"
      version = "~> 0.1"
    }
  }
}

module "orders" {
  # The module beside this file; outside this repository, copy
  # source = "git::https://github.com/apiplatform/terraform-provider-platform.git//examples/modules/api-from-openapi"
  source        = "../"
  document_path = "${path.module}/openapi.yaml"
  endpoints     = [{ category = "Production", uri = "https://orders.broker.example.com/v2" }]
}

output "operations" {
  value = module.orders.operations
}
