output "import_blocks" {
  description = "One import block per API, per older version of an API, per proxy's routing and, with import_proxies, per proxy made from an OpenAPI document, sorted by address: write it to a file of the configuration that will hold the resources."
  value = join("\n", [
    for to in sort(keys(local.imports_by_address)) :
    format("import {\n  to = %s\n  id = %s\n}\n", to, local.quoted_ids[to])
  ])

  precondition {
    condition     = length(local.imports_by_address) == length(local.imports)
    error_message = "Two imports got the same resource name; please report the platform names involved."
  }
}

output "api_count" {
  description = "How many APIs the import blocks import."
  value       = length(local.apis)
}

output "version_count" {
  description = "How many versions, beside each API's latest, the import blocks import as platform_api_version."
  value       = length(local.older_versions)
}

output "routing_count" {
  description = "How many proxies' routing the import blocks import."
  value       = length(local.routings)
}

output "proxy_count" {
  description = "How many proxies made from an OpenAPI document the import blocks import as platform_api_proxy (none unless import_proxies is true)."
  value       = length([for r in local.routings : r if r.spec])
}

output "skipped_ai_proxies" {
  description = "The AI proxies (LLM gateways) of the projects, as project/name, sorted: their routing is managed through the platform's ai-routing, not by platform_proxy_routing, so import_blocks leaves them out."
  value       = local.skipped_ai_proxies
}
