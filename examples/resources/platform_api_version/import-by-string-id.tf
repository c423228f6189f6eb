import {
  to = platform_api_version.v2
  id = "6f1c2a7e-0b7d-4f2e-9a51-3c8d5e0f1a2b.acmepaymentscorp"
}
