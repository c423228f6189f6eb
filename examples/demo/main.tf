# The configuration make demo applies against the mock platform. The
# provider's settings come from PLATFORM_* environment variables.
terraform {
  required_providers {
    platform = {
      source = "apiplatform/platform"
    }
  }
}

provider "platform" {}

# A REST proxy with weighted backends.
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"

  routing_address {
    address = "https://orders-1.internal:8443/v1"
    weight  = 3
  }
  routing_address {
    address = "https://orders-2.internal:8443/v1"
    weight  = 1
  }
}

# A SOAP proxy: the first address gets the default soap_type, SOAP11.
resource "platform_proxy_routing" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"

  routing_address {
    address = "https://billing-1.internal/soap"
    weight  = 2
  }
  routing_address {
    address   = "https://billing-2.internal/soap"
    soap_type = "SOAP12"
  }
}

output "orders_routing" {
  value = {
    api_type  = platform_proxy_routing.orders.api_type
    algorithm = platform_proxy_routing.orders.load_balance_algorithm
    addresses = [for a in platform_proxy_routing.orders.routing_address : "${a.address} (weight ${a.weight})"]
  }
}

output "billing_routing" {
  value = {
    api_type  = platform_proxy_routing.billing.api_type
    algorithm = platform_proxy_routing.billing.load_balance_algorithm
    addresses = [for a in platform_proxy_routing.billing.routing_address : "${a.address} (${a.soap_type}, weight ${a.weight})"]
  }
}
