variable "project_name" {
  description = "Project on the platform that holds the API proxies."
  type        = string

  validation {
    condition     = length(trimspace(var.project_name)) > 0
    error_message = "project_name must not be empty."
  }
}

variable "apis" {
  description = <<-EOT
    The APIs to publish, keyed by API name. Each has the proxy that fronts it,
    the version to publish, the proxy (broker) URL clients call, and the
    backends the proxy routes to (with optional weights). live_versions adds
    further live versions of the API, keyed by version name, each with its own
    proxy URL and the same backends.
  EOT
  type = map(object({
    description = optional(string)
    visibility  = optional(string, "Limited")
    version     = optional(string, "1.0")
    proxy_name  = string
    proxy_url   = string
    tags        = optional(set(string), [])
    backends = list(object({
      url    = string
      weight = optional(number, 1)
    }))
    live_versions = optional(map(object({
      proxy_url   = string
      description = optional(string)
    })), {})
  }))

  validation {
    condition     = length(var.apis) > 0
    error_message = "apis must hold at least one API."
  }
  validation {
    condition     = alltrue([for a in values(var.apis) : contains(["Public", "Limited", "com.soa.visibility.registered.users"], a.visibility)])
    error_message = "Each API's visibility must be Public, Limited or com.soa.visibility.registered.users."
  }
  validation {
    condition     = alltrue([for a in values(var.apis) : length(a.backends) > 0])
    error_message = "Each API needs at least one backend: a proxy without routing addresses fails every call."
  }
  validation {
    condition     = alltrue(flatten([for a in values(var.apis) : [for b in a.backends : can(regex("^https?://[^/]+", b.url)) && b.weight >= 1]]))
    error_message = "Each backend url must be an absolute http(s) URL and each weight at least 1."
  }
  validation {
    condition     = alltrue([for a in values(var.apis) : !contains(keys(a.live_versions), a.version)])
    error_message = "A live version must not have the name of the API's own version."
  }
  validation {
    condition     = length(distinct([for a in values(var.apis) : a.proxy_name])) == length(var.apis)
    error_message = "Each API needs its own proxy_name: two APIs cannot share one proxy's routing."
  }
}
