#!/usr/bin/env python3
"""Assertions of e2e/run's lifecycle scenarios (pods that run, adoption, rotation, rollback, destroy), read from
what the API server and Helm return. Like check.py: prints nothing and exits 0 when the assertion holds, or prints
one line saying what is wrong and exits 1. Standard library only.

  workloads PODS.json                   the workloads (Deployment or StatefulSet name) that own pods, one per line
  restarted BEFORE.json AFTER.json      Deployments/StatefulSets whose pods were replaced (a pod uid of BEFORE gone)
  reran BEFORE.json AFTER.json          one-shot Jobs whose (finished) pods were replaced: they ran again
  expect-restarted BEFORE AFTER NAMES   exactly the workloads NAMES (comma-separated, may be empty) were replaced
  serving-ready PODS.json RELEASE MODE  the pods that serve clients (proxy in cluster mode, standalone otherwise) all
                                        Ready, at least one
  same-uids BEFORE.json AFTER.json      the same objects (by name) with the same uids (PVCs kept through an upgrade)
  helm-revision STATUS.json             prints the revision of `helm status -o json`
  helm-status STATUS.json STATUS REV    `helm status -o json`: status and revision
  l7-service SVC.json BACKENDCONFIG     ClusterIP, app-protocols keyed by the Service's port name (HTTP2),
                                        backend-config naming BACKENDCONFIG, NEG for ingress
  tls-mode-on CONFIGMAPS.json RELEASE   the release's Milvus config (ConfigMap <release>-milvus) sets tlsMode: 1
  owned OBJECTS.json RELEASE NAMES      each named object exists and carries the stack's labels (part-of, instance)
  only-names LIST.json NAMES            the list holds exactly the objects NAMES (comma-separated)
  secret-cert SECRET.json PEMFILE       the TLS Secret's tls.crt is the certificate in PEMFILE
  differs A.json B.json PATH            the value at PATH (dot-separated) differs between A and B
"""
import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import fail, items  # noqa: E402  (the same reading and failing as the harness's other checks)
import check  # noqa: E402

PART_OF = "milvus-gke-l7"


def load(path):
    """One object from the API server (a failed GET answers with a Status)."""
    doc = check.load(path)
    if doc.get("kind") == "Status":
        fail(f"{path}: the API server answered {doc.get('code')} {doc.get('reason')}: {doc.get('message')}")
    return doc


def workload(pod):
    """The Deployment or StatefulSet (or Job) behind a pod: a ReplicaSet's name without its template hash."""
    for ref in pod["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            if ref["kind"] == "ReplicaSet":
                return ref["name"].rsplit("-", 1)[0]
            return ref["name"]
    return pod["metadata"]["name"]


def ready(pod):
    return any(c["type"] == "Ready" and c["status"] == "True" for c in (pod.get("status") or {}).get("conditions") or [])


def live(path):
    return [p for p in items(path) if not p["metadata"].get("deletionTimestamp")]


def job_pod(pod):
    return any(r.get("controller") and r["kind"] == "Job" for r in pod["metadata"].get("ownerReferences") or [])


def restarted(before_path, after_path, jobs=False):
    """Workloads whose pods were replaced; with jobs=True, the one-shot Jobs whose pods ran again instead."""
    after_uids = {p["metadata"]["uid"] for p in live(after_path)}
    return sorted({workload(p) for p in live(before_path)
                   if p["metadata"]["uid"] not in after_uids and job_pod(p) == jobs})


def main(args):
    cmd = args[0]
    if cmd == "workloads":
        print("\n".join(sorted({workload(p) for p in live(args[1])})))
    elif cmd == "restarted":
        print("\n".join(restarted(args[1], args[2])))
    elif cmd == "reran":
        print("\n".join(restarted(args[1], args[2], jobs=True)))
    elif cmd == "expect-restarted":
        got = restarted(args[1], args[2])
        want = sorted(n for n in args[3].split(",") if n)
        if got != want:
            fail(f"restarted: {got or 'nothing'}; expected: {want or 'nothing'}")
    elif cmd == "serving-ready":
        release, mode = args[2], args[3]
        component = "proxy" if mode == "cluster" else "standalone"
        pods = [p for p in live(args[1]) if p["metadata"].get("labels", {}).get("app.kubernetes.io/instance") == release
                and p["metadata"].get("labels", {}).get("component") == component]
        if not pods:
            fail(f"no {component} pod of {release}")
        unready = [p["metadata"]["name"] for p in pods if not ready(p)]
        if unready:
            fail(f"{component} pods not Ready: {unready}")
    elif cmd == "same-uids":
        before = {o["metadata"]["name"]: o["metadata"]["uid"] for o in items(args[1])}
        after = {o["metadata"]["name"]: o["metadata"]["uid"] for o in items(args[2])}
        if not before:
            fail(f"{args[1]} holds nothing to compare")
        changed = sorted(n for n in before if after.get(n) != before[n])
        if changed:
            fail(f"replaced or gone: {changed}")
    elif cmd == "helm-revision":
        print(json.load(open(args[1], encoding="utf-8"))["version"])
    elif cmd == "helm-status":
        doc = json.load(open(args[1], encoding="utf-8"))
        got = (doc.get("info", {}).get("status"), doc.get("version"))
        if got != (args[2], int(args[3])):
            fail(f"helm status {got[0]} revision {got[1]}; expected {args[2]} revision {args[3]}")
    elif cmd == "l7-service":
        svc = load(args[1])
        if svc["spec"]["type"] != "ClusterIP":
            fail(f"Service type {svc['spec']['type']}, not ClusterIP")
        ann = svc["metadata"].get("annotations") or {}
        port_names = [p.get("name") for p in svc["spec"]["ports"] if p.get("port") == 19530] or \
                     [svc["spec"]["ports"][0].get("name")]
        protocols = json.loads(ann.get("cloud.google.com/app-protocols", "{}"))
        if protocols.get(port_names[0]) != "HTTP2":
            fail(f"app-protocols {protocols} is not HTTP2 for the port named {port_names[0]}")
        backend = json.loads(ann.get("cloud.google.com/backend-config", "{}"))
        if backend.get("default") != args[2]:
            fail(f"backend-config {backend} does not name {args[2]}")
        if json.loads(ann.get("cloud.google.com/neg", "{}")) != {"ingress": True}:
            fail(f"neg annotation {ann.get('cloud.google.com/neg')}")
    elif cmd == "tls-mode-on":
        release = args[2]
        for cm in items(args[1]):
            if cm["metadata"]["name"] != f"{release}-milvus":   # the chart's Milvus config (default.yaml, user.yaml)
                continue
            for key, text in (cm.get("data") or {}).items():
                if "tlsMode: 1" in text.replace('"', ""):
                    return
        fail(f"no ConfigMap of {release} sets tlsMode: 1")
    elif cmd == "owned":
        release = args[2]
        by_name = {o["metadata"]["name"]: o for o in items(args[1])}
        for name in [n for n in args[3].split(",") if n]:
            obj = by_name.get(name)
            if obj is None:
                fail(f"{name} does not exist")
            labels = obj["metadata"].get("labels") or {}
            if labels.get("app.kubernetes.io/part-of") != PART_OF or labels.get("app.kubernetes.io/instance") != release:
                fail(f"{name} is not the stack's: labels {labels}")
    elif cmd == "only-names":
        got = sorted(o["metadata"]["name"] for o in items(args[1]))
        want = sorted(n for n in args[2].split(",") if n)
        if got != want:
            fail(f"found {got}; expected exactly {want}")
    elif cmd == "secret-cert":
        secret = load(args[1])
        crt = base64.b64decode(secret["data"]["tls.crt"]).decode().strip()
        pem = open(args[2], encoding="utf-8").read().strip()
        if crt != pem:
            fail("the Secret's tls.crt is not the stack's certificatePem")
    elif cmd == "differs":
        def at(doc, path):
            for part in path.split("."):
                doc = doc.get(part) if isinstance(doc, dict) else None
            return doc
        a, b = at(load(args[1]), args[3]), at(load(args[2]), args[3])
        if a == b:
            fail(f"{args[3]} did not change")
    else:
        fail(f"lifecycle.py: unknown check {cmd}")


if __name__ == "__main__":
    main(sys.argv[1:])
