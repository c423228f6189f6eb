// Package absent is a state backend that is known by name but not built in:
// every call that would use it answers with an error saying so, rather than
// the build failing for want of the backend's module.
package absent

import (
	"fmt"

	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/configs/configschema"
	"github.com/hashicorp/terraform/internal/states/statemgr"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

// Backend stands in for the state backend Name.
type Backend struct {
	Name string
}

// New returns the stand-in for the state backend called name in a
// configuration's backend block (azurerm, s3, ...).
func New(name string) backend.Backend {
	return Backend{Name: name}
}

// ConfigSchema is empty: the real backend's arguments are not known here, so
// a backend block that sets any is refused by Terraform as an unsupported
// argument before PrepareConfig can say why.
func (b Backend) ConfigSchema() *configschema.Block {
	return &configschema.Block{}
}

func (b Backend) PrepareConfig(v cty.Value) (cty.Value, tfdiags.Diagnostics) {
	return v, b.notIncluded()
}

func (b Backend) Configure(cty.Value) tfdiags.Diagnostics {
	return b.notIncluded()
}

func (b Backend) StateMgr(string) (statemgr.Full, tfdiags.Diagnostics) {
	return nil, b.notIncluded()
}

func (b Backend) DeleteWorkspace(string, bool) tfdiags.Diagnostics {
	return b.notIncluded()
}

func (b Backend) Workspaces() ([]string, tfdiags.Diagnostics) {
	return nil, b.notIncluded()
}

func (b Backend) notIncluded() tfdiags.Diagnostics {
	var diags tfdiags.Diagnostics
	return diags.Append(tfdiags.Sourceless(
		tfdiags.Error,
		fmt.Sprintf("The %q backend is not included in this build", b.Name),
		fmt.Sprintf("This Terraform binary was built from the Go module proxy for "+
			"terraform-provider-platform's tests (internal/tools/terraform), and "+
			"the module proxy's copy of Terraform does not contain the %q state "+
			"backend. Use the local backend here, or an official Terraform "+
			"release for remote state.", b.Name),
	))
}
