# Version 1.0 of the API, managed by its platform_api.
resource "platform_api" "payments" {
  name       = "payments"
  visibility = "Public"
  version = {
    name      = "1.0"
    endpoints = [{ category = "Production", uri = "http://acmepaymentscorp.broker.soa.com:80/payments" }]
    policies  = [{ key = "urn:uuid:6282f78f-8a81-11e1-8112-b4822b49f412", type = "Operational Policy" }]
  }
}

# Version 2.0, live beside 1.0 while consumers migrate.
resource "platform_api_version" "v2" {
  api_id      = platform_api.payments.id
  name        = "2.0"
  description = "Second release."
  visibility  = "Public"
  tags        = ["payments API"]

  endpoints = [{ category = "Production", uri = "http://acmepaymentscorp.broker.soa.com:80/payments/v2" }]
  operations = {
    listPayments = {
      method = "GET"
      path   = "/payments"
      inputs = [{ name = "limit", type = "query" }]
    }
  }
  # Copy another version's values the Terraform way.
  policies = platform_api.payments.version.policies
  target_api = {
    type      = "shttp"
    endpoints = [{ category = "Production", uri = "http://www.acme.com/api/v2/" }]
  }
}
