# shellcheck shell=bash
# Java 25 under the real engine: the language host starts the program with the first `java` on the PATH, as on a
# user's machine or CI runner whose default Java is 25. This machine has 2 CPUs, so Java 25's common pool has a
# parallelism of 1: the case that spun forever with pulumi-java 1.36.1 alone (pulumi/pulumi-java#2270).
ALL_SCENARIOS+=(java25-preview)

# E2E_JAVA25_HOME, else the Java 25 this machine has under /usr/lib/jvm.
java25_home() {
  if [ -n "${E2E_JAVA25_HOME:-}" ]; then echo "$E2E_JAVA25_HOME"; return; fi
  local d
  for d in /usr/lib/jvm/*25*; do
    [ -x "$d/bin/java" ] && { echo "$d"; return; }
  done
  return 1
}

# pulumi run with Java 25 first on the PATH (a wrapper that records the run like $WORK/bin/java does).
with_java25() { # COMMAND...
  local home
  home=$(java25_home) || { echo "no Java 25 (set E2E_JAVA25_HOME)"; return 1; }
  mkdir -p "$WORK/bin-java25"
  cat > "$WORK/bin-java25/java" <<JAVA
#!/bin/sh
start=\$(date +%s.%N)
"$home/bin/java" "\$@"
rc=\$?
echo "\$start \$(date +%s.%N) \$*" >> "$WORK/java-runs"
exit \$rc
JAVA
  chmod +x "$WORK/bin-java25/java"
  (export PATH="$WORK/bin-java25:$PATH"; cd "$WORK/project" && timeout 300 "$@")
}

scenario_java25_preview() {
  local log=$LOG/java25.log ns=java25
  kube POST /api/v1/namespaces -H 'Content-Type: application/json' --data "{\"metadata\":{\"name\":\"$ns\"}}" -o /dev/null
  seed_stack java25 "$ns" milvus-java25.example.com >> "$log" 2>&1 || { echo "stack java25 set-up failed (see $log)"; return 1; }
  with_java25 pulumi up -s java25 --yes --skip-preview --non-interactive > "$LOG/java25-up.log" 2>&1 \
    || { echo "pulumi up with Java 25 failed or hung past 300 s (see $LOG/java25-up.log)"; return 1; }
  with_java25 java -version 2>&1 | grep -q 'version "25' || { echo "the wrapper does not run Java 25"; return 1; }
  with_java25 pulumi preview -s java25 --expect-no-changes --non-interactive --diff > "$LOG/java25-no-change.log" 2>&1 \
    || { echo "no-change preview with Java 25 failed, hung or showed changes (see $LOG/java25-no-change.log)"; return 1; }
  in_project pulumi config set -s java25 backendTimeoutSec 900 >> "$log" 2>&1
  with_java25 pulumi preview -s java25 --json --non-interactive > "$WORK/java25-change.json" 2> "$LOG/java25-change.log" \
    || { echo "one-field preview with Java 25 failed or hung (see $LOG/java25-change.log)"; return 1; }
  check exactly-one-update "$WORK/java25-change.json" "kubernetes:cloud.google.com/v1:BackendConfig" "spec.timeoutSec" || return 1
  # What the user reads: no JVM warning block (sun.misc.Unsafe, restricted methods) in any of it.
  if grep -l 'WARNING: ' "$LOG/java25-up.log" "$LOG/java25-no-change.log" "$WORK/java25-change.json" "$LOG/java25-change.log"; then
    echo "a JVM warning in the output of a Java 25 run (files above)"; return 1
  fi
  in_project pulumi destroy -s java25 --yes --skip-preview --non-interactive >> "$log" 2>&1 \
    || { echo "destroy of the java25 stack failed (see $log)"; return 1; }
}
