//go:build tools

// Package tools pins the Pulumi Java language host (module github.com/pulumi/pulumi-java, whose go.mod
// moved from pkg/ to the repository root in v1.23.0); build with
// `go build github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java`.
package tools

import _ "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java"
