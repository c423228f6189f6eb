// The one implementation behind the nine state backend stubs beside it. Its
// path is under github.com/hashicorp/terraform/internal because it implements
// Terraform's internal backend interface, which only packages under that path
// may import. No such module exists upstream; ../../go.mod replaces it.
module github.com/hashicorp/terraform/internal/backend/remote-state/absent

go 1.25

require (
	github.com/hashicorp/terraform v1.14.0
	github.com/zclconf/go-cty v1.16.3
)
