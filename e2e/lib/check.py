#!/usr/bin/env python3
"""The e2e harness's assertions: each subcommand reads what the real engine or API server returned, prints nothing
and exits 0 when it holds, or prints one line saying what is wrong and exits 1. Standard library only."""
import base64
import json
import re
import subprocess
import sys
import tempfile

STACK_TYPE = "pulumi:pulumi:Stack"


def fail(message):
    print(message)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        fail(f"{path} is not JSON: {text[:200]!r}")


def items(path):
    doc = load(path)
    if doc.get("kind") == "Status":
        fail(f"{path}: the API server answered {doc.get('code')} {doc.get('reason')}: {doc.get('message')}")
    return doc.get("items", [])


def crds_established(_args):
    doc = json.load(sys.stdin)
    established = [c for c in doc.get("items", [])
                   if any(x.get("type") == "Established" and x.get("status") == "True"
                          for x in c.get("status", {}).get("conditions", []))]
    print(len(established))


def ingresses_without_status(_args):
    try:
        doc = json.load(sys.stdin)
    except json.JSONDecodeError:
        return
    for ing in doc.get("items", []):
        if not ing.get("status", {}).get("loadBalancer", {}).get("ingress"):
            print(ing["metadata"]["namespace"], ing["metadata"]["name"])


def json_get(args):
    doc = load(args[0])
    if args[1] not in doc:
        fail(f"{args[0]} has no {args[1]}")
    print(doc[args[1]])


def preview_policy_clean(args):
    text = open(args[0], encoding="utf-8").read()
    if "Policies:" not in text and "Policy Packs run" not in text:
        fail("the preview ran no policy pack (no 'Policies:' section)")
    findings = [line.strip() for line in text.splitlines()
                if re.search(r"\[(mandatory|advisory|disabled)\]|mandatory:|advisory:", line)]
    if findings:
        fail("policy findings: " + "; ".join(findings[:5]))


def certificate_names(pem):
    with tempfile.NamedTemporaryFile("w", suffix=".pem") as f:
        f.write(pem)
        f.flush()
        out = subprocess.run(["openssl", "x509", "-in", f.name, "-noout", "-ext", "subjectAltName", "-subject"],
                             capture_output=True, text=True)
    if out.returncode != 0:
        fail("certificatePem is not a readable certificate: " + out.stderr.strip())
    return out.stdout


def up_readback(args):
    outputs, secret, backendconfigs, service, ingresses, lb_address = (
        load(args[0]), load(args[1]), items(args[2]), load(args[3]), items(args[4]), args[5])
    domain = outputs["domain"]
    problems = []

    # The TLS Secret holds the certificate the real tls provider generated, which is the certificatePem output.
    if secret.get("type") != "kubernetes.io/tls":
        problems.append(f"Secret {outputs['tlsSecretName']}: type {secret.get('type')!r}, not kubernetes.io/tls"
                        + (f" ({secret.get('message')})" if secret.get("kind") == "Status" else ""))
    else:
        crt = base64.b64decode(secret["data"].get("tls.crt", "")).decode()
        if not secret["data"].get("tls.key"):
            problems.append("the TLS Secret has no tls.key")
        if crt.strip() != outputs.get("certificatePem", "").strip():
            problems.append("the Secret's tls.crt is not the certificatePem output")
        names = certificate_names(crt)
        if f"DNS:{domain}" not in names:
            problems.append(f"the certificate does not cover {domain}: {names.strip()}")

    # The BackendConfig: HTTP health check on Milvus's 9091 /healthz.
    configs = {b["metadata"]["name"]: b for b in backendconfigs}
    annotations = service.get("metadata", {}).get("annotations", {})
    backend_ref = json.loads(annotations.get("cloud.google.com/backend-config", "{}") or "{}")
    referenced = backend_ref.get("default") or next(iter(backend_ref.get("ports", {}).values()), None)
    if referenced not in configs:
        problems.append(f"the Service's backend-config names {referenced!r}; BackendConfigs: {sorted(configs)}")
    else:
        hc = configs[referenced]["spec"].get("healthCheck", {})
        if (hc.get("type"), hc.get("port"), hc.get("requestPath")) != ("HTTP", 9091, "/healthz"):
            problems.append(f"health check {hc}, not HTTP 9091 /healthz")

    # The Milvus Service the chart made, with the three annotations keyed to its real port name.
    if service.get("kind") == "Status":
        problems.append(f"no Milvus Service {outputs['milvusServiceName']}: {service.get('message')}")
    else:
        spec = service["spec"]
        if spec.get("type") != "ClusterIP":
            problems.append(f"the Milvus Service is {spec.get('type')}, not ClusterIP")
        grpc_ports = [p for p in spec.get("ports", []) if p.get("port") == 19530]
        port_name = grpc_ports[0].get("name") if grpc_ports else None
        protocols = json.loads(annotations.get("cloud.google.com/app-protocols", "{}") or "{}")
        if not port_name or protocols.get(port_name) != "HTTP2":
            problems.append(f"app-protocols {protocols} is not HTTP2 keyed by the Service's port name {port_name!r}")
        neg = json.loads(annotations.get("cloud.google.com/neg", "{}") or "{}")
        if neg.get("ingress") is not True:
            problems.append(f"the NEG annotation is {annotations.get('cloud.google.com/neg')!r}")

    # The Ingress: the domain, HTTPS only, the static IP by name, every path to the Milvus Service.
    matching = [i for i in ingresses if any(r.get("host") == domain for r in i["spec"].get("rules", []))]
    if len(matching) != 1:
        problems.append(f"{len(matching)} Ingresses for {domain}")
    else:
        ing = matching[0]
        ann = ing["metadata"].get("annotations", {})
        if ann.get("kubernetes.io/ingress.global-static-ip-name") != outputs["staticIpName"]:
            problems.append(f"the Ingress names static IP {ann.get('kubernetes.io/ingress.global-static-ip-name')!r}")
        if ann.get("kubernetes.io/ingress.allow-http") != "false":
            problems.append("the Ingress allows plain HTTP")
        backends = [p["backend"]["service"] for r in ing["spec"]["rules"] for p in r["http"]["paths"]]
        if backends != [{"name": outputs["milvusServiceName"], "port": {"number": 19530}}]:
            problems.append(f"Ingress backends {backends}")
    if outputs.get("staticIpAddress") != lb_address:
        problems.append(f"staticIpAddress output {outputs.get('staticIpAddress')!r}, not the reserved {lb_address}")
    if problems:
        fail("; ".join(problems))


def exactly_one_update(args):
    preview, want_type, want_path = load(args[0]), args[1], args[2]
    changed = [s for s in preview.get("steps", []) if s.get("op") not in ("same", "read")]
    described = [(s.get("op"), s.get("urn", "").split("::")[-1], s.get("detailedDiff") or s.get("diffReasons"))
                 for s in changed]
    if len(changed) != 1:
        fail(f"expected one change, got {len(changed)}: {described}")
    step = changed[0]
    if step.get("op") != "update" or not step.get("urn", "").split("::")[-2].endswith(want_type):
        fail(f"the change is {described[0]}, not an update of a {want_type}")
    paths = sorted((step.get("detailedDiff") or {}).keys()) or sorted(step.get("diffReasons") or [])
    if paths != [want_path] and paths != [want_path.split(".")[0]]:
        fail(f"the update changes {paths}, not just {want_path}")


def outputs_contract(args):
    outputs, plan, lb_address = load(args[0]), load(args[1]), args[2]
    planned = plan["outputs"]
    if sorted(outputs) != sorted(planned):
        fail(f"stack outputs {sorted(outputs)} differ from the plan's {sorted(planned)}")
    decided_by_cloud = {"staticIpAddress", "ingressAddress", "certificatePem", "milvusPassword"}
    if planned.get("milvusPassword") != "[secret]" or not outputs.get("milvusPassword"):
        fail("milvusPassword is not [secret] in the plan, or empty after up")
    wrong = {k: (outputs[k], planned[k]) for k in outputs if k not in decided_by_cloud and outputs[k] != planned[k]}
    if wrong:
        fail(f"outputs differ from the plan: {wrong}")
    if outputs["ingressAddress"] != lb_address or outputs["staticIpAddress"] != lb_address:
        fail(f"addresses {outputs['ingressAddress']!r}/{outputs['staticIpAddress']!r}, not {lb_address}")
    if "BEGIN CERTIFICATE" not in outputs["certificatePem"] or "placeholder" in outputs["certificatePem"]:
        fail("certificatePem is not a generated certificate")


def consumer_secret(args):
    secret, outputs = load(args[0]), load(args[1])
    if secret.get("kind") == "Status":
        fail(f"the consumer's Secret is missing: {secret.get('message')}")
    data = {k: base64.b64decode(v).decode() for k, v in secret.get("data", {}).items()}
    want = {"MILVUS_URI": "https://" + outputs["endpoint"], "MILVUS_SERVER_NAME": outputs["domain"],
            "MILVUS_TLS_MODE": outputs["certificateMode"]}
    wrong = {k: (data.get(k), v) for k, v in want.items() if data.get(k) != v}
    if wrong:
        fail(f"the consumer's Secret differs from the stack outputs: {wrong} (keys {sorted(data)})")
    if outputs["certificateMode"] == "self-managed" and data.get("MILVUS_CA_PEM", "").strip() != outputs["certificatePem"].strip():
        fail("the consumer's Secret does not carry the stack's certificatePem")
    if outputs.get("milvusAuthentication") and data.get("MILVUS_TOKEN") != f"{outputs['milvusUser']}:{outputs['milvusPassword']}":
        fail("the consumer's Secret does not carry the stack's credentials as MILVUS_TOKEN")


def nothing_created(args):
    state, secrets, domain = load(args[0]), items(args[1]), args[2]
    resources = state.get("deployment", {}).get("resources", []) or []
    created = [r["type"] for r in resources if r.get("type") != STACK_TYPE]
    if created:
        fail(f"the failed up left resources in the state: {created}")
    if any(domain in json.dumps(s) for s in secrets):
        fail(f"a Secret for {domain} exists in the cluster")


def destroyed(args):
    outputs = load(args[0])
    secrets, backendconfigs, ingresses, services = (items(a) for a in args[1:5])
    left = []
    left += [f"Secret {s['metadata']['name']}" for s in secrets if s["metadata"]["name"] == outputs["tlsSecretName"]
             or s["metadata"]["name"].startswith(f"sh.helm.release.v1.{outputs['releaseName']}.")]
    left += [f"BackendConfig {b['metadata']['name']}" for b in backendconfigs]
    left += [f"Ingress {i['metadata']['name']}" for i in ingresses]
    left += [f"Service {s['metadata']['name']}" for s in services if s["metadata"]["name"] == outputs["milvusServiceName"]]
    if left:
        fail("left after destroy: " + ", ".join(left))


COMMANDS = {
    "crds-established": crds_established,
    "ingresses-without-status": ingresses_without_status,
    "json-get": json_get,
    "preview-policy-clean": preview_policy_clean,
    "up-readback": up_readback,
    "exactly-one-update": exactly_one_update,
    "outputs-contract": outputs_contract,
    "consumer-secret": consumer_secret,
    "nothing-created": nothing_created,
    "destroyed": destroyed,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print("usage: check.py " + "|".join(COMMANDS) + " ARGS...")
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])
