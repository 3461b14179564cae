// Command pulumi-resource-kubernetes serves the Pulumi Kubernetes provider built from the
// github.com/pulumi/pulumi-kubernetes/provider/v4 module.
//
// The upstream main embeds schema-embed.json / terraform-mapping-embed.json, which its build
// generates and which the module zip does not carry. ../build writes both files next to this
// one (from schema.json / terraform-mapping.json inside the module, with the version set)
// before `go build`; they are not committed.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	// version.Version is set with -ldflags -X (see ../build).
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
