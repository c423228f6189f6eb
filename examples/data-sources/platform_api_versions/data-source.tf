data "platform_api_versions" "payments" {
  api_id = "api18969.acmepaymentscorp"
}

# The oldest first; the last one is the API's latest.
output "payments_versions" {
  value = { for v in data.platform_api_versions.payments.versions : v.name => v.id }
}
