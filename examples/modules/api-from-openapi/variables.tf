variable "document_path" {
  description = "Path of the API's OpenAPI 3.0/3.1 or Swagger 2.0 document, JSON or YAML, e.g. \"$${path.module}/openapi.yaml\"."
  type        = string
}

variable "name" {
  description = "The API's name in the catalog. Defaults to the document's info.title."
  type        = string
  default     = null
}

variable "description" {
  description = "The API's description. Defaults to the document's info.description (none if it has none)."
  type        = string
  default     = null
}

variable "version_name" {
  description = "The name of the API's version. Defaults to the document's info.version."
  type        = string
  default     = null
}

variable "endpoints" {
  description = "The platform's proxy endpoints of the version: category (Production or Sandbox) and uri."
  type = list(object({
    category = string
    uri      = string
  }))
  default = []

  validation {
    condition     = alltrue([for e in var.endpoints : contains(["Production", "Sandbox"], e.category)])
    error_message = "Each endpoint's category must be Production or Sandbox."
  }
}

variable "proxy" {
  description = <<-EOT
    Also make the gateway proxy from the document, route it and deploy it (null, the default: the catalog entry only).
    project_name: the proxy's project. name: the proxy's name, by default the API's. relative_paths: where clients call
    it on the gateways. load_balance_algorithm: ROUND_ROBIN (default), WEIGHTED, LRU, RANDOM or PICK_FIRST. backends:
    the routing addresses (address, weight, default 1). deploy_environments: where to deploy the proxy and its routing.
    wait_for_live_routes: wait until every gateway pod serves the route (default true; needs deploy_environments and the
    routing vendor's April 2026 release or later).
  EOT
  type = object({
    project_name           = string
    name                   = optional(string)
    relative_paths         = list(string)
    load_balance_algorithm = optional(string, "ROUND_ROBIN")
    backends = list(object({
      address = string
      weight  = optional(number, 1)
    }))
    deploy_environments  = optional(list(string), [])
    wait_for_live_routes = optional(bool, true)
  })
  default = null

  validation {
    condition     = var.proxy == null || try(length(var.proxy.backends) > 0, false)
    error_message = "The proxy needs at least one backend: without one, routing through it fails."
  }
}
