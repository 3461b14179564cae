#!/usr/bin/env python3
"""Assertions of e2e/scenarios/24-ownership.sh (which objects are a stack's, what a refusal says), read from what
the API server, Helm and the engine return. Like check.py: prints nothing and exits 0 when the assertion holds, or
prints one line saying what is wrong and exits 1.

  manifest-requests PLAN_DIR            one line per manifest of a plan: "<API collection path> <file>", in file order
  versions PATHS_FILE OUT.json          (reads the objects' JSON files named in PATHS_FILE) writes {path: resourceVersion}
  same-versions A.json B.json           every object has the same resourceVersion (nothing was written to it)
  one-clear-error LOG NAME...           a refused run's output: "refusing to touch the cluster", each NAME, and no Java
                                        stack trace, exception class or serialization wording
  no-custom-resources STATE.json        the stack's state holds no resource but providers and components
  retained PREVIEW.log KEPT DELETED     a destroy preview: each of KEPT (comma-separated resource names) is
                                        delete[retain], each of DELETED a plain delete
  stamped OBJECT.json STACK             the object carries milvus-gke-l7.io/stack=STACK, written by a pulumi-kubernetes
                                        field manager (managedFields)
"""
import json
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import fail  # noqa: E402

PLURALS = {"Secret": "secrets", "Service": "services", "Ingress": "ingresses", "BackendConfig": "backendconfigs",
           "FrontendConfig": "frontendconfigs", "ManagedCertificate": "managedcertificates"}
STACK_ANNOTATION = "milvus-gke-l7.io/stack"


def collection(doc):
    version, kind = doc["apiVersion"], doc["kind"]
    prefix = f"/apis/{version}" if "/" in version else f"/api/{version}"
    return f"{prefix}/namespaces/{doc['metadata']['namespace']}/{PLURALS[kind]}"


def main(args):
    cmd = args[0]
    if cmd == "manifest-requests":
        directory = os.path.join(args[1], "manifests")
        for name in sorted(os.listdir(directory)):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                print(collection(yaml.safe_load(f)), os.path.join(directory, name))
    elif cmd == "versions":
        versions = {}
        for path in open(args[1], encoding="utf-8").read().split():
            doc = json.load(open(path, encoding="utf-8"))
            versions[doc["metadata"]["name"] + " " + doc["kind"]] = doc["metadata"]["resourceVersion"]
        json.dump(versions, open(args[2], "w", encoding="utf-8"))
    elif cmd == "same-versions":
        before, after = (json.load(open(a, encoding="utf-8")) for a in args[1:3])
        changed = [k for k in before if after.get(k) != before[k]]
        if changed or not before:
            fail(f"written to (resourceVersion changed): {changed}" if changed else "no objects to compare")
    elif cmd == "one-clear-error":
        text = open(args[1], encoding="utf-8", errors="replace").read()
        if "refusing to touch the cluster" not in text:
            fail(f"no refusal in {args[1]}")
        for name in args[2:]:
            if name not in text:
                fail(f"the refusal does not name {name!r} (see {args[1]})")
        for pattern, what in [(r"^\s+at [\w$.]+\(", "a Java stack trace"), (r"\w+Exception\b", "an exception class"),
                              (r"(?i)serializ", "serialization wording")]:
            match = re.search(pattern, text, re.MULTILINE)
            if match:
                fail(f"the output has {what}: {match.group(0).strip()!r} (see {args[1]})")
    elif cmd == "no-custom-resources":
        resources = json.load(open(args[1], encoding="utf-8"))["deployment"].get("resources") or []
        made = [r["type"] for r in resources if r.get("custom") and not r["type"].startswith("pulumi:providers:")]
        if made:
            fail(f"a refused run created {made}")
    elif cmd == "retained":
        text = open(args[1], encoding="utf-8").read()
        for names, retained in ((args[2], True), (args[3], False)):
            for name in [n for n in names.split(",") if n]:
                lines = [line for line in text.splitlines() if re.search(rf"\s{re.escape(name)}(\s|$)", line)]
                if not lines:
                    fail(f"the destroy preview does not show {name} (see {args[1]})")
                if any("[retain]" in line for line in lines) != retained:
                    fail(f"{name}: expected {'delete[retain]' if retained else 'a plain delete'}, got {lines[0].strip()!r}")
    elif cmd == "stamped":
        meta = json.load(open(args[1], encoding="utf-8"))["metadata"]
        if (meta.get("annotations") or {}).get(STACK_ANNOTATION) != args[2]:
            fail(f"{meta['name']} is not stamped {STACK_ANNOTATION}={args[2]}: {meta.get('annotations')}")
        writers = [m.get("manager", "") for m in meta.get("managedFields") or []
                   if f"f:{STACK_ANNOTATION}" in (m.get("fieldsV1", {}).get("f:metadata", {}).get("f:annotations") or {})]
        if not any(w == "pulumi-kubernetes" or w.startswith("pulumi-kubernetes-") for w in writers):
            fail(f"{meta['name']}: the stack's mark was written by {writers}, not by the Pulumi provider")
    else:
        fail(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv[1:])
