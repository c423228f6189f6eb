import {
  to = platform_api.payments
  id = "api18969.acmepaymentscorp"
}
