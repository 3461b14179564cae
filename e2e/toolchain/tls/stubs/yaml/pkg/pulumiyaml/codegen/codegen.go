// Package codegen is a stand-in for pulumi-yaml's codegen package: GenerateProgram only, without
// YAML program generation.
package codegen

import (
	"errors"

	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
)

// GenerateProgram is not available in this build.
func GenerateProgram(*pcl.Program) (map[string][]byte, hcl.Diagnostics, error) {
	return nil, nil, errors.New("YAML program generation is not part of this build")
}
