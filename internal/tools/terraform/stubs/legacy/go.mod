// Stands in for Terraform's internal/legacy module, which the module proxy's
// copy of Terraform leaves out. No package of the CLI imports it; see
// terraform/doc.go and ../../README.md.
module github.com/hashicorp/terraform/internal/legacy

go 1.25
