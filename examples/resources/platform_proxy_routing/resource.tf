# A REST proxy with two backends, deployed to production on every change.
resource "platform_proxy_routing" "orders" {
  project_name   = "ecommerce"
  api_proxy_name = "orders-api"

  routing_address {
    address = "https://orders-1.internal:8443/v1"
  }
  routing_address {
    address = "https://orders-2.internal:8443/v1"
  }

  routing_enabled     = true
  deploy_environments = ["production"]
}

# A SOAP proxy whose load-balance algorithm is WEIGHTED (set on the
# platform): nine requests in ten go to the first address. soap_type
# defaults to SOAP11.
resource "platform_proxy_routing" "billing" {
  project_name   = "ecommerce"
  api_proxy_name = "billing-soap"

  routing_address {
    address = "https://billing-1.internal/soap"
    weight  = 9
  }
  routing_address {
    address   = "https://billing-2.internal/soap"
    soap_type = "SOAP12"
  }
}
