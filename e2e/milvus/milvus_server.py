"""Runs the embedded Milvus standalone server (PyPI `milvus`, Milvus Lite 2.3.x) in the foreground.

Usage: python milvus_server.py --data DIR --bin-cache DIR --port PORT --state FILE [--tls-cert PEM --tls-key KEY] [--auth]

- DIR holds the server's configuration, logs and data (a temporary directory, removed by the caller);
- the server's binaries are unpacked (about 100 MB, the slow part of a first start) into --bin-cache once and
  reused: DIR/bin is a symbolic link to it, and the package skips files whose checksum it already recorded;
- PORT is the gRPC port (the Milvus proxy, 19530 in a cluster); with --tls-cert/--tls-key the server serves it
  with TLS (common.security.tlsMode 1, tls.serverPemPath/serverKeyPath), like the stack's Milvus on GKE;
- with --auth, Milvus's authentication is on (common.security.authorizationEnabled): every call needs a user and
  password; this version creates root with Milvus's built-in default password at its first start;
- the other ports (etcd, coordinators, nodes, metrics/health) are the package's defaults or the next free ones;
- once /healthz answers OK, FILE gets {"pid", "grpcPort", "healthPort", "tlsMode", "config"}.
SIGTERM or SIGINT stops the server (SIGTERM, then SIGKILL after a few seconds) and this process.
"""
import argparse
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request

import socket

import milvus


def try_bind_port(self, port):
    """The package's port probe, with SO_REUSEADDR as Milvus itself (Go) binds: a port whose last connections
    are still in TIME_WAIT (the previous run's, for a minute) is free to listen on, one with a listener is not."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen()
        return sock
    except (OSError, ValueError, OverflowError):
        sock.close()
        return None


milvus.MilvusServerConfig.try_bind_port = try_bind_port


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--bin-cache", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--auth", action="store_true")
    parser.add_argument("--start-timeout", type=int, default=300)
    args = parser.parse_args()

    os.makedirs(args.data, exist_ok=True)
    os.makedirs(args.bin_cache, exist_ok=True)
    bin_link = os.path.join(args.data, "bin")
    if not os.path.islink(bin_link):
        os.symlink(os.path.abspath(args.bin_cache), bin_link)

    server = milvus.MilvusServer(wait_for_started=False)
    server.set_base_dir(args.data)
    server.listen_port = args.port
    server.config.update(proxy_port=args.port)  # bind exactly this port, or fail
    tls_mode = 0
    if args.tls_cert:
        tls_mode = 1
        server.config.set("tls_mode", 1)
        server.config.set("server_pem_path", os.path.abspath(args.tls_cert))
        server.config.set("server_key_path", os.path.abspath(args.tls_key))

    if args.auth:
        server.config.set("authorization_enabled", True)

    stopping = []

    def stop(signum, _frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    try:
        server.start()  # unpacks the binaries if needed, writes configs/milvus.yaml, starts `milvus run standalone`
    except Exception as e:  # noqa: BLE001 - one line for the runner, whatever failed
        print(f"milvus could not start: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    proc = server.server_proc
    health = f"http://127.0.0.1:{server.webservice_port}/healthz"
    deadline = time.monotonic() + args.start_timeout
    healthy = False
    while not stopping and time.monotonic() < deadline:
        if proc.poll() is not None:
            print(f"milvus exited with {proc.returncode} before it was healthy; logs in {args.data}/logs",
                  file=sys.stderr)
            return 1
        try:
            with urllib.request.urlopen(health, timeout=2) as resp:
                if "OK" in resp.read().decode("utf-8", "replace"):
                    healthy = True
                    break
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    if not healthy:
        if not stopping:
            print(f"milvus not healthy at {health} within {args.start_timeout}s; logs in {args.data}/logs",
                  file=sys.stderr)
        shutdown(proc)
        return 1

    state = {"pid": proc.pid, "grpcPort": args.port, "healthPort": server.webservice_port, "tlsMode": tls_mode,
             "authorizationEnabled": args.auth,
             "config": os.path.join(args.data, "configs", "milvus.yaml")}
    tmp = args.state + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(state, out)
    os.replace(tmp, args.state)

    while not stopping and proc.poll() is None:
        time.sleep(0.2)
    if proc.poll() is not None and not stopping:
        print(f"milvus exited with {proc.returncode}; logs in {args.data}/logs", file=sys.stderr)
    shutdown(proc)
    return 0


def shutdown(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - any failure to stop in time: kill
            proc.kill()
            proc.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
