# Before: platform_api manages the API and its only live version, 1.0.
resource "platform_api" "payments" {
  name = "payments"
  version = {
    name        = "1.0"
    description = "First release."
    endpoints   = [{ category = "Production", uri = "http://acmepaymentscorp.broker.soa.com:80/payments" }]
  }
}
