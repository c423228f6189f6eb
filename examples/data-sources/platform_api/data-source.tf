# Another team's API, read by name: wire a DNS record to its production
# endpoint. The data source shows the API with its latest version.
data "platform_api" "ledger" {
  name = "ledger"
}

# Or by ID.
data "platform_api" "ledger_by_id" {
  id = "api18969.acmepaymentscorp"
}

output "ledger_production_endpoint" {
  value = data.platform_api.ledger.production_endpoint # the latest version's
}

output "ledger_backend" {
  value = data.platform_api.ledger.version.target_api.endpoints[0].uri
}
