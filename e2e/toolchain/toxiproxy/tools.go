//go:build tools

// Package tools pins toxiproxy (the fault-injecting TCP proxy of e2e's api-errors-retried); build with
// `go build github.com/Shopify/toxiproxy/v2/cmd/server`.
package tools

import _ "github.com/Shopify/toxiproxy/v2/cmd/server"
