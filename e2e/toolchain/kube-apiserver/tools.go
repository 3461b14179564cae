//go:build tools

// Package tools pins kube-apiserver and kube-controller-manager; build with
// `go build k8s.io/kubernetes/cmd/kube-apiserver` and `go build k8s.io/kubernetes/cmd/kube-controller-manager`.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
