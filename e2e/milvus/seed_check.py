"""The seed's last step, the client's own check: pymilvus over TLS with the stack's certificate and the domain
as the TLS server name, exactly as README.md's "Connect" section shows it, then a small round trip.

Usage: python seed_check.py --address 127.0.0.1 --port PORT --domain DOMAIN --pem CERT [--user USER] [--timeout SECONDS]

With --user, the password comes from the environment (MILVUS_PASSWORD, never the command line, which others can
read) and the client authenticates with the token "<user>:<password>", as README.md shows for authentication on.

The README connects to https://<domain>:443; the test domain has no DNS record, so the URI names the address
and server_name gives the domain (SNI, certificate check and gRPC authority), as `verify --address` does.
Prints one line per step; exit 0 when all of them passed, 1 otherwise (the error on the last line).
"""
import argparse
import os
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--domain", required=True)
    parser.add_argument("--pem", required=True)
    parser.add_argument("--user")
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args()
    credentials = {}
    if args.user:
        password = os.environ.get("MILVUS_PASSWORD", "")
        if not password:
            raise RuntimeError("--user needs the password in MILVUS_PASSWORD")
        credentials = {"token": f"{args.user}:{password}"}

    from pymilvus import MilvusClient, __version__, utility

    print(f"pymilvus {__version__}")
    # README.md "Connect", Python: the same arguments (the token with authentication on).
    client = MilvusClient(
        uri=f"https://{args.address}:{args.port}",
        secure=True,
        server_pem_path=args.pem,
        server_name=args.domain,
        timeout=args.timeout,
        **credentials,
    )
    try:
        print("list_collections:", client.list_collections())  # the seed's check
        print("server version:", utility.get_server_version(using=client._using))

        # Beyond the seed: data goes through the proxy both ways (create, insert, search, drop).
        name = f"e2e_roundtrip_{int(time.time())}"
        client.create_collection(name, dimension=4, consistency_level="Strong", timeout=args.timeout)
        try:
            rows = [{"id": i, "vector": [float(i), 1.0, 0.0, 0.5]} for i in range(3)]
            inserted = client.insert(name, rows, timeout=args.timeout)
            count = inserted["insert_count"] if isinstance(inserted, dict) else len(inserted)
            if count != 3:
                raise RuntimeError(f"inserted {count} rows, expected 3")
            hits = client.search(name, [[2.0, 1.0, 0.0, 0.5]], limit=1, timeout=args.timeout)
            best = hits[0][0]["id"] if hits and hits[0] else None
            if best != 2:
                raise RuntimeError(f"search returned {hits}, expected id 2 first")
            print(f"round trip: created {name}, inserted 3 rows, search found id {best}")
        finally:
            client.drop_collection(name, timeout=args.timeout)
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # noqa: BLE001 - one line for the runner, whatever failed
        print(f"error: {type(e).__name__}: {' '.join(str(e).split())}")
        sys.exit(1)
