# onboard/main.tf: reads the platform and writes the import blocks.
terraform {
  required_providers {
    platform = {
      source  = "apiplatform/platform"
      version = "~> 0.1"
    }
  }
}

provider "platform" {} # PLATFORM_* environment variables

module "onboard" {
  # The module beside this file; outside this repository, copy
  # source = "git::https://github.com/apiplatform/terraform-provider-platform.git//examples/modules/onboard"
  source   = "../../modules/onboard"
  projects = ["ecommerce", "payments"]

  # Optional RE2 filters; by default everything is imported.
  # api_name_regex   = "^orders"
  # proxy_name_regex = "-api$"

  # Also import the proxies the platform made from an OpenAPI document, as
  # platform_api_proxy (one read per proxy to tell them apart).
  # import_proxies = true
}

output "import_blocks" {
  value = module.onboard.import_blocks
}

output "counts" {
  value = "${module.onboard.api_count} APIs, ${module.onboard.routing_count} proxies' routing"
}

output "skipped_ai_proxies" {
  value = module.onboard.skipped_ai_proxies # AI proxies: their routing is not managed here
}
