//go:build tools

// Package opentofu pins the OpenTofu CLI that make testacc-tofu builds.
package opentofu

import (
	_ "github.com/opentofu/opentofu/cmd/tofu"
)
