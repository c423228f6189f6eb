terraform {
  required_version = ">= 1.5"
  required_providers {
    platform = {
      source = "apiplatform/platform"
    }
  }
}
