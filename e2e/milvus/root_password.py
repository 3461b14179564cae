"""Changes Milvus's root password from Milvus's built-in default to the one the stack's outputs carry: what
docs/security.md says to do when Milvus already had its first start (Milvus 2.3 has no
common.security.defaultRootPassword, so this embedded server starts with the default, as an adopted release does).

Usage: MILVUS_PASSWORD=... python root_password.py --address 127.0.0.1 --port PORT --domain DOMAIN [--pem CERT]
Connects to Milvus directly (TLS with the stack's certificate and the domain as server name; plain without --pem), as root with the
default password; the new password comes from the environment, never the command line. Exit 0 once the new password
works and the default no longer does.
"""
import argparse
import os
import sys

DEFAULT_ROOT_PASSWORD = "Milvus"  # Milvus's built-in default (milvus.yaml common.security.defaultRootPassword)


def connect(args, alias, password):
    from pymilvus import connections
    tls = {"secure": True, "server_pem_path": args.pem, "server_name": args.domain} if args.pem else {}
    connections.connect(alias=alias, host=args.address, port=args.port, user="root", password=password, timeout=20, **tls)
    return alias


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--domain", required=True)
    parser.add_argument("--pem")
    args = parser.parse_args()
    new = os.environ.get("MILVUS_PASSWORD", "")
    if not new:
        raise RuntimeError("the new password is expected in MILVUS_PASSWORD")
    from pymilvus import connections, utility
    utility.reset_password("root", DEFAULT_ROOT_PASSWORD, new, using=connect(args, "default-password", DEFAULT_ROOT_PASSWORD))
    connections.disconnect("default-password")
    utility.list_usernames(using=connect(args, "new-password", new))
    print("root's password changed; the new one works")
    try:
        utility.list_usernames(using=connect(args, "old-password", DEFAULT_ROOT_PASSWORD))
    except Exception:  # noqa: BLE001 - any refusal is what we want
        print("the default password is refused")
        return 0
    print("error: the default password still works")
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # noqa: BLE001 - one line for the runner
        print(f"error: {type(e).__name__}: {' '.join(str(e).split())}")
        sys.exit(1)
