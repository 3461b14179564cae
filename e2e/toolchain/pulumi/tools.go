//go:build tools

// Package tools pins the Pulumi CLI so `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi`
// resolves from this module (pkg/v3 cannot be `go install`ed: its go.mod replaces sdk/v3 => ../sdk).
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
