#!/usr/bin/env python3
"""Checks of e2e/scenarios/26-gke-rollout.sh, on what the API server returns (and on `status`'s own output, which is
what its user reads). Each prints why and exits 1 when the behaviour is not there.

  gke-written INGRESS.json SERVICE.json [CERT.json]  GKE's writes are all there: the Ingress's finalizer and load-
                                                   balancer annotations with every backend HEALTHY, the Service's
                                                   neg-status, the ManagedCertificate Active (if given)
  gke-kept BEFORE.json AFTER.json                  every GKE annotation and the finalizer of BEFORE are still on AFTER
  watch-teardown OUT API CA CRT KEY NS INGRESS OBJECT_PATH...
                                                   samples every 0.3 s until OUT.stop exists: does the Ingress exist
                                                   (deleting?), does each object exist
  teardown-order OUT.jsonl MIN_SECONDS             the Ingress waited with its finalizer at least MIN_SECONDS and no
                                                   object was gone while the Ingress still existed
  status-stages OUT.txt                            `status --wait` printed every stage, in order, and ended done
  status-blocked OUT.txt WRONG_IP                  `status` named the UNHEALTHY gRPC backend, the FailedNotVisible
                                                   domain and the A record pointing at WRONG_IP
"""
import json
import os
import ssl
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import fail, load  # noqa: E402  (the same reading and failing as the harness's other checks)

FINALIZER = "networking.gke.io/ingress-finalizer-V2"
LB_KEYS = ["ingress.kubernetes.io/url-map", "ingress.kubernetes.io/https-target-proxy",
           "ingress.kubernetes.io/https-forwarding-rule", "ingress.kubernetes.io/ssl-cert",
           "ingress.kubernetes.io/static-ip", "ingress.kubernetes.io/backends"]
# Written by GKE depending on the Ingress's own settings (allow-http): may come and go with an up that changes them.
HTTP_KEYS = {"ingress.kubernetes.io/forwarding-rule", "ingress.kubernetes.io/target-proxy"}
STAGES = ["release", "address", "load-balancer", "backends", "certificate", "dns", "outside"]


def gke_annotations(obj):
    ann = obj.get("metadata", {}).get("annotations") or {}
    return {k: v for k, v in ann.items()
            if k.startswith("ingress.kubernetes.io/") or k == "ingress.gcp.kubernetes.io/pre-shared-cert"}


def gke_written(args):
    ingress, service = load(args[0]), load(args[1])
    missing = []
    if FINALIZER not in (ingress["metadata"].get("finalizers") or []):
        missing.append("the Ingress's finalizer")
    ann = ingress["metadata"].get("annotations") or {}
    missing += [k for k in LB_KEYS if not ann.get(k)]
    backends = json.loads(ann.get("ingress.kubernetes.io/backends") or "{}")
    if not backends or set(backends.values()) != {"HEALTHY"}:
        missing.append(f"every backend HEALTHY (backends: {backends})")
    neg = json.loads((service["metadata"].get("annotations") or {}).get("cloud.google.com/neg-status") or "{}")
    if not neg.get("network_endpoint_groups") or not neg.get("zones"):
        missing.append("the Service's cloud.google.com/neg-status")
    if len(args) > 2:
        status = load(args[2]).get("status") or {}
        if status.get("certificateStatus") != "Active":
            missing.append(f"the ManagedCertificate Active ({status.get('certificateStatus')}, {status.get('domainStatus')})")
    if missing:
        fail("not yet written by GKE: " + "; ".join(missing))


def gke_kept(args):
    before, after = load(args[0]), load(args[1])
    lost = []
    b, a = gke_annotations(before), gke_annotations(after)
    for key, value in b.items():
        if key in HTTP_KEYS:
            continue
        if key not in a:
            lost.append(f"annotation {key}")
        elif a[key] != value and key != "ingress.kubernetes.io/backends":
            lost.append(f"annotation {key} changed {value!r} -> {a[key]!r}")
    if FINALIZER in (before["metadata"].get("finalizers") or []) and FINALIZER not in (after["metadata"].get("finalizers") or []):
        lost.append(f"finalizer {FINALIZER}")
    if not b:
        lost.append("(nothing of GKE's was there before: the check saw nothing)")
    if lost:
        fail("the up removed GKE's writes: " + "; ".join(lost))


def watch_teardown(args):
    out, api, ca, crt, key, ns, ingress = args[:7]
    objects = args[7:]
    ctx = ssl.create_default_context(cafile=ca)
    ctx.load_cert_chain(crt, key)

    def get(path):
        try:
            with urllib.request.urlopen(urllib.request.Request(api + path, headers={"Accept": "application/json"}),
                                        context=ctx, timeout=10) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            return None if e.code == 404 else {"error": e.code}

    deadline = time.time() + 900
    with open(out, "w") as f:
        while not os.path.exists(out + ".stop") and time.time() < deadline:
            ing = get(f"/apis/networking.k8s.io/v1/namespaces/{ns}/ingresses/{ingress}")
            sample = {"t": time.time(), "ingress": ing is not None,
                      "deleting": bool(ing and ing.get("metadata", {}).get("deletionTimestamp")),
                      "finalizer": bool(ing and FINALIZER in (ing.get("metadata", {}).get("finalizers") or [])),
                      "objects": {path: get(path) is not None for path in objects}}
            f.write(json.dumps(sample) + "\n")
            f.flush()
            time.sleep(0.3)


def teardown_order(args):
    samples = [json.loads(line) for line in open(args[0]) if line.strip()]
    least = float(args[1])
    deleting = [s for s in samples if s["ingress"] and s["deleting"]]
    if not deleting:
        fail("the Ingress was never seen being deleted (with its deletionTimestamp)")
    held = [s for s in deleting if s["finalizer"]]
    span = held[-1]["t"] - held[0]["t"] if held else 0
    if span < least - 1.5:
        fail(f"the Ingress was seen deleting with GKE's finalizer for {span:.1f}s, less than the stand-in's {least}s")
    early = sorted({path for s in samples if s["ingress"] for path, present in s["objects"].items() if not present})
    if early:
        fail("gone while the Ingress (and its load balancer) still existed: " + ", ".join(early))
    if samples[-1]["ingress"]:
        fail("the Ingress still exists after destroy")
    print(f"the Ingress waited {span:.1f}s for GKE's finalizer; nothing it uses went first")


def status_lines(path):
    return [line.rstrip("\n") for line in open(path)]


def status_stages(args):
    lines = status_lines(args[0])
    listing = [line for line in lines if line.startswith(("[done] ", "[waiting] ", "[blocked] ", "[skipped] "))][:len(STAGES)]
    first = [line.split("] ", 1)[1].split(":", 1)[0] for line in listing]
    if first != STAGES:
        fail(f"the first listing has stages {first}, not {STAGES}")
    if not lines or not lines[-1].startswith("status: every stage done"):
        fail(f"status did not end with every stage done: {lines[-1:]}")


def status_blocked(args):
    text = open(args[0]).read()
    wrong_ip = args[1]
    tail = text[text.find("status: not done"):] if "status: not done" in text else ""
    if not tail:
        fail("status did not end with its not-done verdict")
    wanted = {"the UNHEALTHY gRPC backend": "[blocked] backends: Milvus gRPC (",
              "its health check": "the health check (BackendConfig ",
              "the FailedNotVisible domain": " FailedNotVisible",
              "the A record pointing elsewhere": f"points at {wrong_ip}, not the static IP"}
    missing = [what for what, needle in wanted.items() if needle not in tail]
    if "UNHEALTHY" not in tail:
        missing.append("UNHEALTHY")
    if missing:
        fail("status's verdict does not name " + ", ".join(missing) + f": {tail!r}")


COMMANDS = {"gke-written": gke_written, "gke-kept": gke_kept, "watch-teardown": watch_teardown,
            "teardown-order": teardown_order, "status-stages": status_stages, "status-blocked": status_blocked}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        fail(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
