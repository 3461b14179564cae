"""Checks on API server JSON for e2e/toolchain/pods-smoke (stdin: the body of a LIST).

  pods             every pod Running and Ready, or Succeeded (owned by a Job); none terminating.
                   Prints one line per pod (owner, phase, ready, node, images), a summary last.
  pvcs             every PersistentVolumeClaim Bound (prints claim -> volume, class, size)
  lb CIDR          every Service of type LoadBalancer has status.loadBalancer.ingress[].ip in CIDR
  snapshot         {pod name: {uid, owner, images, ready}} of the pods, as JSON
  kept BEFORE      compares with a snapshot: pods of BEFORE still there with the same uid (by owner
                   kind), pods gone/new; fails if an image tag ends with e2e-unpullable
  count            number of items

Exit status 0 when the check holds, 1 otherwise (with the offending items on stdout).
"""
import ipaddress
import json
import sys


def owner(obj):
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return f"{ref['kind']}/{ref['name']}"
    return "-"


def ready(pod):
    return any(c["type"] == "Ready" and c["status"] == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def images(pod):
    spec = pod["spec"]
    return [c["image"] for c in (spec.get("initContainers") or []) + spec["containers"]]


def pod_ok(pod):
    st = pod.get("status") or {}
    if pod["metadata"].get("deletionTimestamp"):
        return False
    if st.get("phase") == "Succeeded":
        return True
    return st.get("phase") == "Running" and ready(pod)


def main():
    cmd = sys.argv[1]
    items = json.load(sys.stdin).get("items") or []
    if cmd == "count":
        print(len(items))
        return 0
    if cmd == "pods":
        bad = 0
        kinds = {}
        for p in sorted(items, key=lambda p: p["metadata"]["name"]):
            st = p.get("status") or {}
            ok = pod_ok(p)
            bad += not ok
            k = owner(p).split("/")[0]
            kinds[k] = kinds.get(k, 0) + 1
            waiting = [c["state"]["waiting"].get("reason", "") for c in st.get("containerStatuses") or []
                       if "waiting" in (c.get("state") or {})]
            print(f"  {'ok  ' if ok else 'BAD '} {p['metadata']['name']:<48} {owner(p):<52} "
                  f"{st.get('phase', '?'):<9} ready={str(ready(p)).lower():<5} "
                  f"node={p['spec'].get('nodeName', '-')} ip={st.get('podIP', '-')} "
                  f"{' '.join(sorted(set(images(p))))}{' waiting=' + ','.join(waiting) if waiting else ''}")
        print(f"  {len(items)} pods ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), "
              f"{len(items) - bad} Ready or Succeeded, {bad} not")
        return 0 if items and not bad else 1
    if cmd == "pvcs":
        bad = 0
        for c in items:
            st = c.get("status") or {}
            ok = st.get("phase") == "Bound"
            bad += not ok
            print(f"  {'ok  ' if ok else 'BAD '} {c['metadata']['name']:<48} {st.get('phase', '?'):<8} "
                  f"-> {c['spec'].get('volumeName', '-')} class={c['spec'].get('storageClassName')} "
                  f"{(st.get('capacity') or {}).get('storage', '')}")
        print(f"  {len(items)} claims, {len(items) - bad} Bound")
        return 0 if not bad else 1
    if cmd == "lb":
        net = ipaddress.ip_network(sys.argv[2])
        n = bad = 0
        for s in items:
            if s["spec"].get("type") != "LoadBalancer":
                continue
            n += 1
            ips = [i.get("ip") for i in ((s.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []]
            ok = bool(ips) and all(ip and ipaddress.ip_address(ip) in net for ip in ips)
            bad += not ok
            print(f"  {'ok  ' if ok else 'BAD '} {s['metadata']['namespace']}/{s['metadata']['name']} "
                  f"ingress={','.join(map(str, ips)) or '-'}")
        return 0 if n and not bad else 1
    if cmd == "snapshot":
        json.dump({p["metadata"]["name"]: {"uid": p["metadata"]["uid"], "owner": owner(p),
                                           "images": images(p), "ready": ready(p)} for p in items},
                  sys.stdout)
        return 0
    if cmd == "kept":
        before = json.load(open(sys.argv[2]))
        now = {p["metadata"]["name"]: p for p in items}
        kept, gone = [], []
        for name, b in sorted(before.items()):
            p = now.get(name)
            (kept if p and p["metadata"]["uid"] == b["uid"] else gone).append(f"{name} ({b['owner']})")
        new = sorted(f"{n} ({owner(p)})" for n, p in now.items() if n not in before)
        unpullable = sorted(n for n, p in now.items() if any(i.endswith(":e2e-unpullable") for i in images(p)))
        print(f"  kept {len(kept)} of {len(before)} pods (same uid)")
        for g in gone:
            print(f"  replaced: {g}")
        for x in new:
            print(f"  new:      {x}")
        for u in unpullable:
            print(f"  BAD still running an e2e-unpullable image: {u}")
        return 0 if not unpullable else 1
    print(f"kube_status.py: unknown command {cmd}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
