#!/usr/bin/env python3
"""Assertions of e2e/scenarios/27-day2.sh (chart upgrade, scaling, control-plane outage, API errors, a namespace-scoped
deployer), read from what the API server, Helm and the fault proxy's stand-ins return. Like check.py: prints nothing
and exits 0 when the assertion holds, or prints one line saying what is wrong and exits 1. Standard library only.

  helm-chart LIST.json RELEASE CHART STATUS [REV]
                                             `helm list -a -o json`: RELEASE runs chart CHART (name-version), with that
                                             status (and revision)
  app-version LIST.json RELEASE              prints the app version of RELEASE's chart
  ready-count COMPONENT < PODS.json          prints how many live pods of that Milvus component are Ready
  served-throughout SAMPLES                  every sample (one Ready count a line) had at least one Ready pod
  rolled WORKLOADS.json NAME BEFORE AFTER    Deployment NAME has strategy RollingUpdate and every pod of it in BEFORE
                                             was replaced by AFTER
  images PODS.json COMPONENT TAG             every live pod of that component runs images tagged TAG
  scaled BEFORE.json AFTER.json NAME N ALLOWED
                                             workloads (Deployments, StatefulSets): only NAME's replicas changed, to N;
                                             no other spec changed, but the pod templates of ALLOWED (comma-separated)
  pods-kept BEFORE.json AFTER.json NAME ALLOWED
                                             every pod of BEFORE is still in AFTER (same uid), except NAME's pods when
                                             NAME shrank (the ones left are from BEFORE) and ALLOWED's
  restarted-within BEFORE AFTER REQUIRED OPTIONAL
                                             the workloads REQUIRED (comma-separated) were replaced, perhaps OPTIONAL's
                                             too, and nothing else
  status-answers ACCESS.log AGENT CODES      the stand-in's access log has answers with each of CODES (comma-separated)
                                             to requests whose User-Agent starts with AGENT
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import fail  # noqa: E402  (the same reading and failing as the harness's other checks)
from lifecycle import live, ready, workload  # noqa: E402


def documents(path):
    """Every JSON document in a file (several GETs written one after the other)."""
    text = open(path, encoding="utf-8").read()
    decoder, at, docs = json.JSONDecoder(), 0, []
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return docs
        doc, at = decoder.raw_decode(text, at)
        if doc.get("kind") == "Status":
            fail(f"{path}: the API server answered {doc.get('code')} {doc.get('reason')}: {doc.get('message')}")
        docs.append(doc)


def workloads(path):
    return {f"{o.get('kind') or d.get('kind', '').removesuffix('List')}/{o['metadata']['name']}": o
            for d in documents(path) for o in d.get("items", [])}


def milvus_component(pod, component):
    """A pod of Milvus's component (Pulsar's proxy pods carry component=proxy too, without Milvus's name label)."""
    labels = pod["metadata"].get("labels") or {}
    return labels.get("component") == component and labels.get("app.kubernetes.io/name") == "milvus"


def component_pods(path, component):
    return [p for p in live(path) if milvus_component(p, component)]


def main(args):
    cmd = args[0]
    if cmd == "helm-chart":
        releases = [r for r in json.load(open(args[1], encoding="utf-8")) if r.get("name") == args[2]]
        if len(releases) != 1:
            fail(f"{len(releases)} releases named {args[2]} in {args[1]}")
        release = releases[0]
        got = (release.get("chart"), release.get("status"), int(release.get("revision", 0)))
        want = (args[3], args[4], int(args[5]) if len(args) > 5 else got[2])
        if got != want:
            fail(f"release {args[2]}: chart {got[0]}, {got[1]}, revision {got[2]}; expected chart {want[0]}, {want[1]}, revision {want[2]}")
    elif cmd == "app-version":
        print(next(r["app_version"] for r in json.load(open(args[1], encoding="utf-8")) if r.get("name") == args[2]))
    elif cmd == "ready-count":
        try:
            doc = json.load(sys.stdin)
        except json.JSONDecodeError:
            print("error")
            return
        if doc.get("kind") == "Status":
            print("error")
            return
        pods = [p for p in doc.get("items", []) if not p["metadata"].get("deletionTimestamp") and milvus_component(p, args[1])]
        print(sum(1 for p in pods if ready(p)))
    elif cmd == "served-throughout":
        samples = [line.strip() for line in open(args[1], encoding="utf-8") if line.strip() and line.strip() != "error"]
        if len(samples) < 3:
            fail(f"only {len(samples)} samples of the serving pods during the up")
        if any(int(s) < 1 for s in samples):
            fail(f"no Ready serving pod at some point during the up (Ready counts sampled: {' '.join(samples)})")
    elif cmd == "rolled":
        found = workloads(args[1]).get(f"Deployment/{args[2]}")
        if found is None:
            fail(f"no Deployment {args[2]}")
        strategy = found["spec"].get("strategy", {}).get("type")
        if strategy != "RollingUpdate":
            fail(f"Deployment {args[2]} has strategy {strategy}, not RollingUpdate")
        before = {p["metadata"]["uid"] for p in live(args[3]) if workload(p) == args[2]}
        after = {p["metadata"]["uid"] for p in live(args[4]) if workload(p) == args[2]}
        if not before or before & after:
            fail(f"the pods of {args[2]} were not all replaced ({len(before & after)} of {len(before)} kept)")
    elif cmd == "images":
        pods = component_pods(args[1], args[2])
        if not pods:
            fail(f"no {args[2]} pod")
        wrong = sorted({c["image"] for p in pods for c in p["spec"]["containers"] if not c["image"].endswith(":" + args[3])})
        if wrong:
            fail(f"{args[2]} pods run {wrong}, not tag {args[3]}")
    elif cmd == "scaled":
        before, after = workloads(args[1]), workloads(args[2])
        name, replicas = args[3], int(args[4])
        allowed = {n for n in args[5].split(",") if n}
        problems = []
        if sorted(before) != sorted(after):
            problems.append(f"workloads {sorted(before)} became {sorted(after)}")
        for key in sorted(set(before) & set(after)):
            b, a = before[key]["spec"], after[key]["spec"]
            short = key.split("/", 1)[1]
            if short == name:
                if a.get("replicas") != replicas:
                    problems.append(f"{key} has {a.get('replicas')} replicas, not {replicas}")
            elif a.get("replicas") != b.get("replicas"):
                problems.append(f"{key}'s replicas changed {b.get('replicas')} -> {a.get('replicas')}")
            if a.get("template") != b.get("template") and short not in allowed:
                problems.append(f"{key}'s pod template changed")
        if problems:
            fail("; ".join(problems))
    elif cmd == "pods-kept":
        name = args[3]
        allowed = {n for n in args[4].split(",") if n}
        after = {p["metadata"]["uid"] for p in live(args[2])}
        gone = sorted({workload(p) for p in live(args[1]) if p["metadata"]["uid"] not in after
                       and workload(p) != name and workload(p) not in allowed
                       and not any(r.get("kind") == "Job" for r in p["metadata"].get("ownerReferences") or [])})
        if gone:
            fail(f"pods replaced or gone: {gone}")
        before_named = {p["metadata"]["uid"] for p in live(args[1]) if workload(p) == name}
        after_named = {p["metadata"]["uid"] for p in live(args[2]) if workload(p) == name}
        if len(after_named) >= len(before_named):
            if not before_named <= after_named:
                fail(f"scaling {name} up replaced {len(before_named - after_named)} of its pods")
        elif not after_named <= before_named:
            fail(f"scaling {name} down started {len(after_named - before_named)} new pods")
    elif cmd == "restarted-within":
        from lifecycle import restarted
        got = set(restarted(args[1], args[2]))
        required = {n for n in args[3].split(",") if n}
        optional = {n for n in args[4].split(",") if n}
        if not required <= got or got - required - optional:
            fail(f"restarted: {sorted(got) or 'nothing'}; expected {sorted(required)}"
                 + (f" and perhaps {sorted(optional)}" if optional else ""))
    elif cmd == "status-answers":
        log, agent = args[1], args[2]
        codes = {c for c in args[3].split(",") if c}
        seen = set()
        for line in open(log, encoding="utf-8"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[2].startswith(agent):
                seen.add(parts[0])
        missing = sorted(codes - seen)
        if missing:
            fail(f"no answer {missing} to a request from {agent}* in {log} (answered: {sorted(seen) or 'none'})")
    else:
        fail(f"day2.py: unknown check {cmd}")


if __name__ == "__main__":
    main(sys.argv[1:])
