module milvus-gke-l7/e2e/toolchain/tls

go 1.25.8

require (
	github.com/hashicorp/terraform-provider-tls/shim v0.0.0
	github.com/pulumi/pulumi-terraform-bridge/v3 v3.135.0
)

// The same replaces as github.com/pulumi/pulumi-tls/provider/v5 at v5.5.1
// (c3b9a61e70758bd93edf5699ed8c8ac9d1f53224), the shim being ours.
replace (
	github.com/hashicorp/terraform-plugin-sdk/v2 => github.com/pulumi/terraform-plugin-sdk/v2 v2.0.0-20260318212141-5525259d096b
	github.com/hashicorp/terraform-provider-tls/shim => ./shim
)
