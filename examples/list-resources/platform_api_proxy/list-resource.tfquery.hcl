# The proxies of a project that the platform made from an OpenAPI document.
list "platform_api_proxy" "from_documents" {
  provider = platform
  config {
    project_name = "ecommerce"
  }
}

# Those whose name starts with "orders-", whole.
list "platform_api_proxy" "orders" {
  provider         = platform
  include_resource = true
  config {
    project_name = "ecommerce"
    name_regex   = "^orders-"
  }
}
