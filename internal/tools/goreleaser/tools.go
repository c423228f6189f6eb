//go:build tools

// Package tools pins goreleaser, built from the Go module proxy by
// make release-snapshot.
package tools

import _ "github.com/goreleaser/goreleaser/v2"
