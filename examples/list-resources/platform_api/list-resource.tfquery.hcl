# terraform query lists the catalog's APIs; with include_resource (and with
# -generate-config-out, which implies it) each comes with its platform_api.
list "platform_api" "all" {
  provider         = platform
  include_resource = true
  limit            = 1000 # Terraform stops at 100 results per list block unless told otherwise
}

list "platform_api" "orders" {
  provider = platform
  config {
    name_regex = "^ledger$"
  }
}
