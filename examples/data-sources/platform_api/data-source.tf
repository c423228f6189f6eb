# Another team's API, read by name: wire a DNS record to its production endpoint.
data "platform_api" "payments" {
  name = "acmepaymentscorp"
}

# Or by ID.
data "platform_api" "payments_by_id" {
  id = "api18969.acmepaymentscorp"
}

output "payments_production_endpoint" {
  value = data.platform_api.payments.production_endpoint
}

output "payments_backend" {
  value = data.platform_api.payments.version.target_api.endpoints[0].uri
}
