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

# Further live versions of each API, beside the one its platform_api
# manages: the same backends, their own proxy URL.
locals {
  live_versions = merge([
    for api, a in var.apis : {
      for name, v in a.live_versions : "${api}/${name}" => merge(v, { api = api, name = name })
    }
  ]...)
}

resource "platform_api_version" "this" {
  for_each = local.live_versions

  api_id      = platform_api.this[each.value.api].id
  name        = each.value.name
  description = each.value.description
  visibility  = var.apis[each.value.api].visibility
  tags        = var.apis[each.value.api].tags
  endpoints   = [{ category = "Production", uri = each.value.proxy_url }]
  target_api  = platform_api.this[each.value.api].version.target_api
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
