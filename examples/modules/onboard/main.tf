# Lists what the platform holds (one data source read for the catalog and
# every API's versions, one per project) and turns it into import blocks with
# valid, unique, stable resource names.
data "platform_apis" "all" {
  name_regex = var.api_name_regex
  # One read fetches every API's versions, concurrently: one
  # platform_api_versions instance per API made Terraform walk 1,000 data
  # sources at 1,000 APIs, 22.7 s where the requests took under a second.
  include_versions = true
}

data "platform_api_proxies" "each" {
  for_each = toset(var.projects)

  project_name = each.key
  name_regex   = var.proxy_name_regex
  # Which proxies the platform made from an OpenAPI document is told only
  # by reading each proxy: one request each, asked for by import_proxies.
  include_details = var.import_proxies
}

locals {
  apis = data.platform_apis.all.apis
  proxies = flatten([
    for project, d in data.platform_api_proxies.each : [
      for px in d.api_proxies : {
        id   = "${project}/${px.name}", label = "${project}_${px.name}", ai = px.api_type == "AI"
        spec = var.import_proxies && px.from_specification == true
      }
    ]
  ])
  # An AI proxy (an LLM gateway) is routed through the platform's
  # ai-routing, which platform_proxy_routing does not manage: importing its
  # routing would fail, so it is left out and named in skipped_ai_proxies.
  routings           = [for px in local.proxies : px if !px.ai]
  skipped_ai_proxies = sort([for px in local.proxies : px.id if px.ai])

  # A resource name is the platform's name in lower case, every run of other
  # characters (spaces, dots, dashes, non-ASCII) turned into one underscore,
  # and prefixed when it would not start with a letter.
  api_bases = [
    for a in local.apis : replace(trim(replace(lower(a.name), "/[^a-z0-9]+/", "_"), "_"), "/^([^a-z]|$)/", "api_$1")
  ]
  routing_bases = [
    for r in local.routings : replace(trim(replace(lower(r.label), "/[^a-z0-9]+/", "_"), "_"), "/^([^a-z]|$)/", "routing_$1")
  ]

  # Where several platform names sanitise alike, each gets a suffix from its
  # ID: unique, and the same from one run to the next.
  api_base_users     = { for b in local.api_bases : b => b... }
  version_base_users = { for v in local.older_versions : v.base => v.base... }
  routing_base_users = { for b in local.routing_bases : b => b... }
  api_names = [
    for i, a in local.apis : length(local.api_base_users[local.api_bases[i]]) > 1
    ? "${local.api_bases[i]}_${substr(sha1(a.id), 0, 8)}" : local.api_bases[i]
  ]
  routing_names = [
    for i, r in local.routings : length(local.routing_base_users[local.routing_bases[i]]) > 1
    ? "${local.routing_bases[i]}_${substr(sha1(r.id), 0, 8)}" : local.routing_bases[i]
  ]

  # platform_api manages each API's latest version, the last of its list;
  # every older one is a platform_api_version named after the API's
  # resource and the version: payments, 1.0 -> payments_1_0.
  older_versions = flatten([
    for i, a in local.apis : [
      for v in slice(a.versions, 0, max(length(a.versions) - 1, 0)) : {
        id   = v.id
        base = "${local.api_names[i]}_${replace(trim(replace(lower(v.name), "/[^a-z0-9]+/", "_"), "_"), "/^$/", "v")}"
      }
    ]
  ])
  version_names = [
    for v in local.older_versions : length(local.version_base_users[v.base]) > 1 ? "${v.base}_${substr(sha1(v.id), 0, 8)}" : v.base
  ]

  imports = concat(
    [for i, a in local.apis : { to = "platform_api.${local.api_names[i]}", id = a.id }],
    [for i, v in local.older_versions : { to = "platform_api_version.${local.version_names[i]}", id = v.id }],
    [for i, r in local.routings : { to = "platform_proxy_routing.${local.routing_names[i]}", id = r.id }],
    # A proxy made from a document, beside its routing and of the same name.
    [for i, r in local.routings : { to = "platform_api_proxy.${local.routing_names[i]}", id = r.id } if r.spec],
  )
  imports_by_address = { for im in local.imports : im.to => im.id }

  # Each ID as an HCL string: jsonencode quotes and escapes it, HTML-safe
  # escapes go back to the characters, and template sequences are escaped.
  quoted_ids = {
    for to, id in local.imports_by_address : to => replace(replace(replace(replace(replace(
    jsonencode(id), "\\u0026", "&"), "\\u003c", "<"), "\\u003e", ">"), "$${", "$$$${"), "%%{", "%%%%{")
  }
}
