data "platform_api_versions" "ledger" {
  api_id = "api18969.acmepaymentscorp"
}

# The oldest first; the last one is the API's latest.
output "ledger_versions" {
  value = { for v in data.platform_api_versions.ledger.versions : v.name => v.id }
}
