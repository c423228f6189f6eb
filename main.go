package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/apiplatform/terraform-provider-platform/internal/profiling"
	"github.com/apiplatform/terraform-provider-platform/internal/protocol"
	"github.com/apiplatform/terraform-provider-platform/internal/provider"
)

// version is set by the release build (goreleaser) through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	protocol.Prepare(debug)
	stopProfiling := profiling.Start()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve("registry.terraform.io/apiplatform/platform", protocol.NewServer(provider.New(version)()), opts...)
	// Not deferred: log.Fatal skips deferred calls.
	stopProfiling()
	if err != nil {
		log.Fatal(err.Error())
	}
}
