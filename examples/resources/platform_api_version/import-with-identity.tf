# Terraform 1.12+ and OpenTofu 1.12: import by the resource's identity.
import {
  to = platform_api_version.v2
  identity = {
    id = "6f1c2a7e-0b7d-4f2e-9a51-3c8d5e0f1a2b.acmepaymentscorp"
  }
}
