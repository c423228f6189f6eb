# With var.proxy, the same document also makes the gateway proxy, and the
# module routes it to its backends, deploys it and waits until the routes
# are live: one apply takes the API from its document to live traffic. The
# routing names the proxy by reference, so Terraform makes the proxy first.
locals {
  proxy_name = var.proxy == null ? null : coalesce(var.proxy.name, local.name)
  # The platform cannot remove a proxy's description: none is sent rather
  # than an empty one.
  proxy_description = try(trimspace(local.description) != "", false) ? local.description : null
}

resource "platform_api_proxy" "this" {
  count = var.proxy == null ? 0 : 1

  project_name           = var.proxy.project_name
  name                   = local.proxy_name
  description            = local.proxy_description
  specification          = local.document
  relative_paths         = var.proxy.relative_paths
  load_balance_algorithm = var.proxy.load_balance_algorithm
  # Every re-parse makes the proxy's deployments stale: it deploys again.
  deploy_environments = var.proxy.deploy_environments
}

resource "platform_proxy_routing" "this" {
  count = var.proxy == null ? 0 : 1

  project_name   = platform_api_proxy.this[0].project_name
  api_proxy_name = platform_api_proxy.this[0].name

  dynamic "routing_address" {
    for_each = var.proxy.backends
    content {
      address = routing_address.value.address
      weight  = routing_address.value.weight
    }
  }

  deploy_environments  = var.proxy.deploy_environments
  wait_for_live_routes = length(var.proxy.deploy_environments) > 0 ? var.proxy.wait_for_live_routes : null
}
