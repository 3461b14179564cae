// Command pulumi-language-nodejs is a policy-pack-only stand-in for Pulumi's Node.js language
// host, built because the module proxy used here does not serve the real one
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3).
//
// pulumi v3.274.1 starts a Node.js policy pack (`--policy-pack DIR`, PulumiPolicy.yaml with
// `runtime: nodejs`) only through the language host of that runtime: it calls
// LanguageRuntime.RunPlugin with kind "analyzer", the pack directory as program directory and
// the engine address as argument. This host answers that call by running the
// pulumi-analyzer-policy script found next to it (or on PATH) as
//
//	pulumi-analyzer-policy ENGINE_ADDRESS PACK_DIR      (working directory PACK_DIR)
//
// which runs @pulumi/pulumi/cmd/run-policy-pack from the pack's node_modules, and streams its
// output back (the first stdout line being the analyzer's port). Every other LanguageRuntime
// call answers Unimplemented: Node.js Pulumi programs are not supported by this host.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is reported by GetPluginInfo; set with -ldflags "-X main.version=...".
var version = "0.0.0"

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (host) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// analyzerScript finds pulumi-analyzer-policy beside this executable, else on PATH.
func analyzerScript() (string, error) {
	if self, err := os.Executable(); err == nil {
		if self, err = filepath.EvalSymlinks(self); err == nil {
			p := filepath.Join(filepath.Dir(self), "pulumi-analyzer-policy")
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	return exec.LookPath("pulumi-analyzer-policy")
}

func (host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() != "analyzer" {
		return status.Errorf(codes.Unimplemented,
			"this pulumi-language-nodejs runs policy packs only (asked to run a %q plugin)", req.GetKind())
	}
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		return status.Error(codes.InvalidArgument, "no policy pack directory in the request")
	}
	script, err := analyzerScript()
	if err != nil {
		return fmt.Errorf("pulumi-analyzer-policy not found next to %s or on PATH: %w", os.Args[0], err)
	}

	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	// As Pulumi's own host does for analyzers: the arguments first, the pack directory last,
	// and the pack directory as working directory.
	args := append(append([]string{}, req.GetArgs()...), dir)
	cmd := exec.CommandContext(server.Context(), script, args...)
	cmd.Dir = dir
	cmd.Env = req.GetEnv()
	if len(cmd.Env) == 0 {
		cmd.Env = os.Environ()
	}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("policy pack exited with code %d", exit.ExitCode())
		}
		return fmt.Errorf("could not run %s: %w", script, err)
	}
	return closer.Close()
}

func main() {
	// The engine starts language hosts as `pulumi-language-<runtime> [flags] ENGINE_ADDRESS`;
	// nothing here needs the engine, so flags and arguments are ignored.
	for _, a := range os.Args[1:] {
		if a == "-version" || a == "--version" {
			fmt.Println(version)
			return
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host{})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language host RPC server: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "language host RPC server stopped: %s\n", strings.TrimSpace(err.Error()))
		os.Exit(1)
	}
}
