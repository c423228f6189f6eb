output "api_id" {
  description = "The API's ID on the platform."
  value       = platform_api.this.id
}

output "version_id" {
  description = "The ID of the version the module manages."
  value       = platform_api.this.version_id
}

output "production_endpoint" {
  description = "The URL clients call, as the platform reports it."
  value       = platform_api.this.production_endpoint
}

output "operations" {
  description = "Each operation of the version, as \"METHOD path\", by name."
  value       = { for name, op in platform_api.this.version.operations : name => "${op.method} ${op.path}" }
}
