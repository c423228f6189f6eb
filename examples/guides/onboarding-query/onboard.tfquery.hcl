# terraform query -generate-config-out=generated.tf
#
# Lists every API (with its latest version), every older version and the
# routing of every REST and SOAP proxy of the projects, and writes a resource
# and an import block for each. Terraform returns at most 100 results per
# list block unless limit says otherwise: keep it above the platform's size.
variable "projects" {
  type    = list(string)
  default = ["ecommerce"]
}

list "platform_api" "api" {
  provider = platform
  limit    = 10000
}

list "platform_api_version" "version" {
  provider = platform
  limit    = 10000
}

list "platform_proxy_routing" "routing" {
  for_each = toset(var.projects)

  provider = platform
  limit    = 10000
  config {
    project_name = each.key
  }
}
