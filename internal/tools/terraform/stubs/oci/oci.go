// Package oci provides the one name Terraform's backend registry imports
// from its "oci" state backend, answering that the backend is not built in.
package oci

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/backend/remote-state/absent"
)

func New() backend.Backend {
	return absent.New("oci")
}
