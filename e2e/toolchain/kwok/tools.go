//go:build tools

// Package tools pins kwok (sigs.k8s.io/kwok, the node and pod lifecycle simulator); build with
// `go build sigs.k8s.io/kwok/cmd/kwok`.
package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
)
