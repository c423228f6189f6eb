# The SOAP proxies of a project, with one request.
data "platform_api_proxies" "soap" {
  project_name = "ecommerce"
  api_type     = "SOAP"
}

output "soap_proxies" {
  value = [for p in data.platform_api_proxies.soap.api_proxies : p.name]
}

# LLM gateways (api_type "AI") are listed too; their routing is the
# platform's ai-routing, not platform_proxy_routing.
data "platform_api_proxies" "ai" {
  project_name = "assistants"
  api_type     = "AI"
}

output "ai_gateways" {
  value = [for p in data.platform_api_proxies.ai.api_proxies : p.name]
}
