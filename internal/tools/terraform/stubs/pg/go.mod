// Stands in for Terraform's "pg" state backend, whose module the module
// proxy's copy of Terraform leaves out; see ../../README.md.
module github.com/hashicorp/terraform/internal/backend/remote-state/pg

go 1.25

require (
	github.com/hashicorp/terraform v1.14.0
	github.com/hashicorp/terraform/internal/backend/remote-state/absent v0.0.0-00010101000000-000000000000
)
