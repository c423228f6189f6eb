# One catalog API whose version's operations come from an OpenAPI document,
# and whose name, description and version name come from its info unless
# given.
locals {
  document = file(var.document_path)
  # yamldecode reads JSON too, but not every JSON: it refuses surrogate-pair
  # escapes and raw control characters, so a JSON document is read as JSON.
  parsed = startswith(trimspace(local.document), "{") ? jsondecode(local.document) : yamldecode(local.document)
  info   = try(local.parsed.info, {})

  name         = var.name != null ? var.name : try(tostring(local.info.title), null)
  description  = var.description != null ? var.description : try(tostring(local.info.description), null)
  version_name = var.version_name != null ? var.version_name : try(tostring(local.info.version), null)
}

resource "platform_api" "this" {
  name        = local.name
  description = local.description

  version = {
    name       = local.version_name
    endpoints  = var.endpoints
    operations = provider::platform::openapi_operations(local.document)
  }

  lifecycle {
    precondition {
      condition     = local.name != null && try(trimspace(local.name) != "", false)
      error_message = "The API needs a name: set var.name, or give the document an info.title."
    }
    precondition {
      condition     = local.version_name != null && try(trimspace(local.version_name) != "", false)
      error_message = "The API's version needs a name: set var.version_name, or give the document an info.version."
    }
  }
}
