// Command pulumi-tfgen-tls writes the Pulumi schema (schema.json) and bridge-metadata.json of the
// tls package: `pulumi-tfgen-tls schema --out DIR`.
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"milvus-gke-l7/e2e/toolchain/tls/provider"
)

func main() { tfgen.Main("tls", provider.Provider()) }
