#!/usr/bin/env bash
# Wall time of `plan --stack dev` against bare JVM start-up on this machine.
# Usage: bench/plan-startup.sh [runs]   (needs target/milvus-gke-l7.jar: mvn -B package -DskipTests)
# Prints the mean and the best of N runs (after one warm-up run each) for:
#   1. bare JVM start-up                 java -version
#   2. plan, plain                       java -jar target/milvus-gke-l7.jar plan --stack dev
#   3. plan with the build's CDS archive java -XX:SharedArchiveFile=target/milvus-gke-l7.jsa -jar ... plan --stack dev
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
jar=target/milvus-gke-l7.jar
jsa=target/milvus-gke-l7.jsa
[ -f "$jar" ] || { echo "no $jar: run mvn -B package -DskipTests first" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() {  # label, command...
  local label=$1; shift
  "$@" >/dev/null 2>&1  # warm-up: file cache
  local total=0 best=
  for _ in $(seq "$runs"); do
    local start end ms
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    total=$((total + ms))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  printf '%-34s mean %5d ms   best %5d ms   (%d runs)\n' "$label" $((total / runs)) "$best" "$runs"
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "bare JVM start-up (java -version)" java -version
measure "plan --stack dev" java -jar "$jar" plan --stack dev --out "$out/plain"
if [ -f "$jsa" ]; then
  measure "plan --stack dev (CDS archive)" java -XX:SharedArchiveFile="$jsa" -jar "$jar" plan --stack dev --out "$out/cds"
else
  echo "no $jsa (built by mvn package): CDS run skipped"
fi
