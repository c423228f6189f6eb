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

output "proxy_id" {
  description = "The proxy's ID, project/name; null without var.proxy."
  value       = one(platform_api_proxy.this[*].id)
}

output "proxy_operations" {
  description = "The proxy's operations as the platform reports them, each \"METHOD /path\"; null without var.proxy."
  value       = one(platform_api_proxy.this[*].operations)
}
