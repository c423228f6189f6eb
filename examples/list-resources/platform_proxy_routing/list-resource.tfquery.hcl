# The routing of every REST and SOAP proxy of a project (AI proxies are left
# out), one list block per project.
list "platform_proxy_routing" "routing" {
  for_each = toset(["ecommerce", "payments"])

  provider = platform
  limit    = 1000
  config {
    project_name = each.key
  }
}

# Only the SOAP proxies whose name starts with "billing-", whole.
list "platform_proxy_routing" "billing" {
  provider         = platform
  include_resource = true
  config {
    project_name = "ecommerce"
    name_regex   = "^billing-"
    api_type     = "SOAP"
  }
}
