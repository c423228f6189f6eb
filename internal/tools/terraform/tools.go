//go:build tools

// Package terraform pins the Terraform CLI that make terraform-1.14 builds.
package terraform

import (
	_ "github.com/hashicorp/terraform"
)
