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
