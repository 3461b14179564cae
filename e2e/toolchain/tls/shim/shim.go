// Package shim exposes the Terraform TLS provider (a terraform-plugin-framework provider that
// lives in an internal package) to the Pulumi bridge.
package shim

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	tfprovider "github.com/hashicorp/terraform-provider-tls/internal/provider"
)

// NewProvider returns a new instance of the Terraform TLS provider.
func NewProvider() provider.Provider { return tfprovider.New() }
