"""Checks of issue 25 (secure by default), read from the API server, Helm and the files a user sees.

  auth-on CONFIGMAP_JSON SECRET_JSON DEPLOYMENTS_JSON OUTPUTS_JSON
      the release's rendered user.yaml (the chart's ConfigMap, what Milvus reads) has
      common.security.authorizationEnabled true; the root credentials Secret holds the outputs' milvusUser and
      milvusPassword; the Deployments that can create root (mixcoord/rootcoord/standalone) take
      COMMON_SECURITY_DEFAULTROOTPASSWORD from that Secret, and no pod template carries the password in clear
  password-nowhere PASSWORD_FILE PATH...
      the password (read from a file, never an argument) occurs in no file under the given paths
"""
import base64
import json
import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import fail, load  # noqa: E402  (the same reading and failing as the harness's other checks)

ENV = "COMMON_SECURITY_DEFAULTROOTPASSWORD"


def auth_on(args):
    configmap, secret, deployments, outputs = (load(a) for a in args[:4])
    if configmap.get("kind") != "ConfigMap":
        fail(f"the release's ConfigMap is missing: {configmap.get('message')}")
    user_yaml = yaml.safe_load(configmap.get("data", {}).get("user.yaml", "")) or {}
    enabled = (user_yaml.get("common") or {}).get("security", {}).get("authorizationEnabled")
    if enabled is not True:
        fail(f"the release's user.yaml has common.security.authorizationEnabled {enabled!r}, not true")
    if outputs.get("milvusAuthentication") is not True or outputs.get("milvusUser") != "root":
        fail(f"outputs milvusAuthentication/milvusUser are {outputs.get('milvusAuthentication')!r}/{outputs.get('milvusUser')!r}")
    password = outputs.get("milvusPassword", "")
    if len(password) < 6:
        fail("the outputs carry no usable milvusPassword")
    if secret.get("kind") != "Secret":
        fail(f"the root credentials Secret is missing: {secret.get('message')}")
    data = {k: base64.b64decode(v).decode() for k, v in secret.get("data", {}).items()}
    if data.get("username") != "root" or data.get("password") != password:
        fail(f"the root credentials Secret does not hold the outputs' credentials (keys {sorted(data)})")
    name = secret["metadata"]["name"]
    readers = []
    for deployment in deployments.get("items", []):
        for container in deployment["spec"]["template"]["spec"].get("containers", []):
            for env in container.get("env", []) or []:
                if env.get("name") != ENV:
                    continue
                if "value" in env:
                    fail(f"Deployment {deployment['metadata']['name']} has {ENV} in clear")
                ref = (env.get("valueFrom") or {}).get("secretKeyRef") or {}
                if ref.get("name") != name or ref.get("key") != "password":
                    fail(f"Deployment {deployment['metadata']['name']}: {ENV} refers to {ref}, not {name}/password")
                readers.append(deployment["metadata"]["name"])
        if password in json.dumps(deployment):
            fail(f"Deployment {deployment['metadata']['name']} holds the password in clear")
    if not any(n.endswith(("-mixcoord", "-rootcoord", "-standalone")) for n in readers):
        fail(f"no coordinator reads {ENV} from {name} (readers: {readers})")
    print(f"user.yaml authorizationEnabled true; {name} holds root's password; read by {', '.join(sorted(readers))}")


def password_nowhere(args):
    with open(args[0], encoding="utf-8") as f:
        password = f.read().strip()
    if len(password) < 6:
        fail("no password to look for")
    needle = password.encode()
    found, scanned = [], 0
    for root in args[1:]:
        paths = [root] if os.path.isfile(root) else [os.path.join(d, n) for d, _, names in os.walk(root) for n in names]
        for path in paths:
            try:
                with open(path, "rb") as f:
                    if needle in f.read():
                        found.append(path)
                scanned += 1
            except OSError:
                pass
    if found:
        fail(f"root's password is in {found}")
    print(f"root's password is in none of {scanned} files")


COMMANDS = {"auth-on": auth_on, "password-nowhere": password_nowhere}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        fail(f"usage: security_check.py {'|'.join(COMMANDS)} ...")
    COMMANDS[sys.argv[1]](sys.argv[2:])
