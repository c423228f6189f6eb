// Package s3 provides the one name Terraform's backend registry imports
// from its "s3" state backend, answering that the backend is not built in.
package s3

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/backend/remote-state/absent"
)

func New() backend.Backend {
	return absent.New("s3")
}
