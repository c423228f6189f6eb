# One catalog API per entry, whose target API lists its backends, and the
# routing of the proxy that fronts it.
resource "platform_api" "this" {
  for_each = var.apis

  name        = each.key
  description = each.value.description
  visibility  = each.value.visibility

  version = {
    name       = each.value.version
    visibility = each.value.visibility
    tags       = each.value.tags
    endpoints  = [{ category = "Production", uri = each.value.proxy_url }]
    target_api = {
      endpoints = [for b in each.value.backends : { category = "Production", uri = b.url }]
    }
  }
}

resource "platform_proxy_routing" "this" {
  for_each = var.apis

  project_name   = var.project_name
  api_proxy_name = each.value.proxy_name

  dynamic "routing_address" {
    for_each = each.value.backends
    content {
      address = routing_address.value.url
      weight  = routing_address.value.weight
    }
  }
}
