# The SOAP proxies of a project, with one request.
data "platform_api_proxies" "soap" {
  project_name = "ecommerce"
  api_type     = "SOAP"
}

output "soap_proxies" {
  value = [for p in data.platform_api_proxies.soap.api_proxies : p.name]
}
