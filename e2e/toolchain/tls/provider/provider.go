// Package provider describes the Pulumi "tls" package (the token layout of pulumi-tls 5.x) on top
// of the Terraform TLS provider, for the Pulumi Terraform bridge.
//
// pulumi-tls's own provider module is not served by the module proxy this project builds from,
// so this is a small equivalent of its ProviderInfo: same package name, same resource and
// function tokens, no SDK-generation settings (only the plugin is built here).
package provider

import (
	_ "embed"
	"unicode"

	"github.com/hashicorp/terraform-provider-tls/shim"
	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Version is the version the plugin reports; set with
// -ldflags "-X milvus-gke-l7/e2e/toolchain/tls/provider.Version=5.5.1".
var Version = "5.5.1"

// bridge-metadata.json and schema.json are written by pulumi-tfgen-tls (see ../../build):
// the build seeds bridge-metadata.json with {} for the tfgen binary, runs it, and then builds
// pulumi-resource-tls with what it wrote. They are build outputs, not committed.

//go:embed bridge-metadata.json
var bridgeMetadata []byte

// Schema is the Pulumi package schema written by pulumi-tfgen-tls.
//
//go:embed schema.json
var Schema []byte

// token builds "tls:index/<lowerCamel>:<Name>", the pulumi-tls token layout.
func token(name string) string {
	r := []rune(name)
	r[0] = unicode.ToLower(r[0])
	return "tls:index/" + string(r) + ":" + name
}

// Provider returns the bridge description of the tls package.
func Provider() tfbridge.ProviderInfo {
	return tfbridge.ProviderInfo{
		P:            pf.ShimProvider(shim.NewProvider()),
		Name:         "tls",
		Version:      Version,
		Description:  "A Pulumi package to create TLS resources in Pulumi programs.",
		License:      "Apache-2.0",
		Repository:   "https://github.com/pulumi/pulumi-tls",
		GitHubOrg:    "hashicorp",
		MetadataInfo: tfbridge.NewProviderMetadata(bridgeMetadata),
		Resources: map[string]*tfbridge.ResourceInfo{
			"tls_cert_request":        {Tok: tokens.Type(token("CertRequest"))},
			"tls_locally_signed_cert": {Tok: tokens.Type(token("LocallySignedCert"))},
			"tls_private_key":         {Tok: tokens.Type(token("PrivateKey"))},
			"tls_self_signed_cert":    {Tok: tokens.Type(token("SelfSignedCert"))},
		},
		DataSources: map[string]*tfbridge.DataSourceInfo{
			"tls_public_key":  {Tok: tokens.ModuleMember(token("getPublicKey"))},
			"tls_certificate": {Tok: tokens.ModuleMember(token("getCertificate"))},
		},
		EnableZeroDefaultSchemaVersion: true,
	}
}
