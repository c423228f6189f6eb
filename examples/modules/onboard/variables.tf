variable "projects" {
  description = "Projects whose API proxies' routing to import. The catalog's APIs are tenant-wide and always listed."
  type        = list(string)

  validation {
    condition     = alltrue([for p in var.projects : length(trimspace(p)) > 0])
    error_message = "Project names must not be empty."
  }
}

variable "api_name_regex" {
  description = "Import only the APIs whose name matches this RE2 expression; null imports every API."
  type        = string
  default     = null
}

variable "proxy_name_regex" {
  description = "Import only the routing of the proxies whose name matches this RE2 expression; null imports every proxy."
  type        = string
  default     = null
}

variable "import_proxies" {
  description = "Also import, as platform_api_proxy, each proxy the platform made from an OpenAPI document (it reads each proxy of the projects to tell: one request each). Its configuration then needs the document, which the platform does not report."
  type        = bool
  default     = false
}
