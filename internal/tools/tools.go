//go:build tools

// Package tools pins the build tools make uses, apart from the provider's
// own module so that they do not enter its dependency graph.
package tools

import (
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
