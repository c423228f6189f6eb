// Command terraform-provider-null serves hashicorp/terraform-provider-null
// v1.0.0's provider: its own main package imports itself under the path it
// had before it was published as a module, so this one takes its place.
package main

import (
	"github.com/hashicorp/terraform-provider-null/null"
	"github.com/hashicorp/terraform/plugin"
)

func main() {
	plugin.Serve(&plugin.ServeOpts{ProviderFunc: null.Provider})
}
