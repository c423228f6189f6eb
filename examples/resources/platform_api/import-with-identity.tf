# Terraform 1.12+ and OpenTofu 1.12: import by the resource's identity.
import {
  to = platform_api.payments
  identity = {
    id = "api18969.acmepaymentscorp"
  }
}
