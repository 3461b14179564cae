// Command pulumi-resource-tls is the Pulumi tls resource provider plugin.
package main

import (
	"context"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"

	"milvus-gke-l7/e2e/toolchain/tls/provider"
)

func main() {
	pf.Main(context.Background(), "tls", provider.Provider(), pf.ProviderMetadata{PackageSchema: provider.Schema})
}
