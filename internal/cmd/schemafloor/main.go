// Command schemafloor is make bench's schema floor: a provider with this
// provider's schemas, served by the framework alone, that answers every
// call from the configuration and the state and sends no request. What a
// no-op plan of platform_api costs against it is what Terraform core and
// terraform-plugin-framework cost for these schemas; the rest of what the
// real provider costs is this provider's own code.
package main

import (
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/apiplatform/terraform-provider-platform/internal/profiling"
	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
	"github.com/apiplatform/terraform-provider-platform/internal/provider"
)

// Address is where make bench's configurations find the floor (through
// dev_overrides), under the local name platform.
const Address = "registry.terraform.io/bench/platform"

func main() {
	protocol.Prepare(false)
	stopProfiling := profiling.Start()
	err := tf6server.Serve(Address, providerserver.NewProtocol6(newFloor(provider.New("floor")())))
	stopProfiling()
	if err != nil {
		log.Fatal(err.Error())
	}
}
