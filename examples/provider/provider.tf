terraform {
  required_providers {
    platform = {
      source  = "apiplatform/platform"
      version = "~> 0.1"
    }
  }
}

# Credentials usually come from the environment:
#   PLATFORM_TOKEN (for platform_proxy_routing), PLATFORM_PASSWORD (for platform_api).
provider "platform" {
  endpoint      = "https://manager.example.com"
  fed_member_id = "acmepaymentscorp"
  email         = "ops@acme.example"
}
