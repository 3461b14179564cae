//go:build tools

// Package tools pins the Pulumi Java language host; build with
// `go build github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java`.
package tools

import _ "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java"
