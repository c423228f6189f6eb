output "api_ids" {
  description = "The ID of each API, by name."
  value       = { for name, api in platform_api.this : name => api.id }
}

output "versions" {
  description = "The ID of every live version, by \"API name/version name\", the API's own version included."
  value = merge(
    { for name, api in platform_api.this : "${name}/${api.version.name}" => api.version_id },
    { for key, v in platform_api_version.this : key => v.id },
  )
}

output "production_endpoints" {
  description = "The URL clients call for each API, by name."
  value       = { for name, api in platform_api.this : name => api.production_endpoint }
}

output "routing" {
  description = "Each API's proxy, its type and its backends, by API name."
  value = {
    for name, r in platform_proxy_routing.this : name => {
      proxy    = r.id
      api_type = r.api_type
      backends = [for a in r.routing_address : a.address]
    }
  }
}
