# After: platform_api moves on to 2.0 (a new name adds that version), and 1.0
# stays live as a platform_api_version of its own.
resource "platform_api" "payments" {
  name = "payments"
  version = {
    name        = "2.0"
    description = "Second release."
    endpoints   = [{ category = "Production", uri = "http://acmepaymentscorp.broker.soa.com:80/payments/v2" }]
  }
}

# Adopt 1.0 where it is: its ID is platform_api.payments.version_id before
# this change (terraform state show platform_api.payments). This one is what
# a fresh make mock gives the first API created; yours may differ.
import {
  to = platform_api_version.v1
  id = "b8f931fc-a03a-5b04-b58e-1b6b56fa8f4e.acmepaymentscorp"
}

resource "platform_api_version" "v1" {
  api_id      = platform_api.payments.id
  name        = "1.0"
  description = "First release."
  endpoints   = [{ category = "Production", uri = "http://acmepaymentscorp.broker.soa.com:80/payments" }]
}
