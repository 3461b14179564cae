# Day 2 and faults (sourced by e2e/run): what a stack's users run after the first up, and what an up does when the
# control plane or the API server misbehaves. Each scenario has its own namespace, release and stack; verdicts are
# read from the API server and Helm (e2e/lib/day2.py, lifecycle.py). docs/day2.md says what each one shows.
#
#   chart-upgrade-in-place          a release installed at an older milvus chart, then chartVersion 5.0.19, then back
#   scale-proxy                     helmValues.proxy.replicas 1 -> 3 -> 1 changes only the proxy Deployment
#   control-plane-outage-during-up  kube-apiserver stops while up waits for Milvus and comes back a minute later
#   api-errors-retried              toxiproxy (refused, slow) and nginx (429, 503) between the engine and the API server
#   namespace-scoped-deployer       a ServiceAccount with admin in one namespace and a Role for the GKE CRDs
ALL_SCENARIOS+=(chart-upgrade-in-place scale-proxy control-plane-outage-during-up api-errors-retried namespace-scoped-deployer)

# The older chart, 5.0.17 (Milvus 2.6.14): made from the checked 5.0.19 chart with e2e/charts/milvus-5.0.17.patch (the
# patch's header says why that is the real 5.0.17). Another older chart to upgrade from: MILVUS_OLD_CHART_TGZ with its
# version in MILVUS_E2E_OLD_CHART_VERSION.
OLD_CHART_VERSION=${MILVUS_E2E_OLD_CHART_VERSION:-5.0.17}
OLD_APP_VERSION=2.6.14
old_chart() { # prints the older chart's path; made once per run
  if [ -n "${MILVUS_OLD_CHART_TGZ:-}" ]; then
    echo "$MILVUS_OLD_CHART_TGZ"
    return
  fi
  local dir=$WORK/old-chart
  rm -rf "$dir" && mkdir -p "$dir/src" \
    && tar -xzf "$CHART_TGZ" -C "$dir/src" 2>/dev/null \
    && patch -s -p1 -d "$dir/src/milvus" < "$E2E/charts/milvus-$OLD_CHART_VERSION.patch" \
    && "$HELM_BIN" package "$dir/src/milvus" --version "$OLD_CHART_VERSION" --app-version "$OLD_APP_VERSION" -d "$dir" > /dev/null \
    && echo "$dir/milvus-$OLD_CHART_VERSION.tgz"
}
# How long the control plane stays down while up waits for Milvus.
OUTAGE_SECONDS=${E2E_OUTAGE_SECONDS:-60}
# The fault proxy's ports: toxiproxy's API, its proxy to the API server, nginx's 429 and 503 answers.
FAULT_PORT_BASE=${E2E_FAULT_PORT_BASE:-28500}

day2() { python3 "$E2E/lib/day2.py" "$@"; }
new_namespace() { kube POST /api/v1/namespaces -H 'Content-Type: application/json' --data "{\"metadata\":{\"name\":\"$1\"}}" -o /dev/null; }
up_() { # STACK LOG
  in_project pulumi up -s "$1" --yes --skip-preview --non-interactive > "$2" 2>&1
}
workloads_snapshot() { # NAMESPACE OUT: the release's Deployments and StatefulSets
  { kube GET "/apis/apps/v1/namespaces/$1/deployments"; echo; kube GET "/apis/apps/v1/namespaces/$1/statefulsets"; } > "$2"
}
# While it runs: one line per half second, how many proxy pods of NAMESPACE are Ready (for "served throughout").
sample_serving() { # NAMESPACE OUT
  while :; do
    kube GET "/api/v1/namespaces/$1/pods?labelSelector=component%3Dproxy" 2>/dev/null | day2 ready-count proxy >> "$2"
    sleep 0.5
  done
}

# ---- chart-upgrade-in-place --------------------------------------------------------------------------------------
scenario_chart_upgrade_in_place() {
  local log=$LOG/upgrade.log ns=upg new_version old_tgz
  old_tgz=$(old_chart 2>> "$log") && [ -f "$old_tgz" ] \
    || { echo "the older chart ($OLD_CHART_VERSION) could not be made from $CHART_TGZ (see $log)"; return 1; }
  new_version=$(basename "$CHART_TGZ" .tgz); new_version=${new_version#milvus-}
  # The older version joins the local chart repository (the index made again by the real helm).
  cp "$old_tgz" "$WORK/charts/milvus-$OLD_CHART_VERSION.tgz" \
    && "$HELM_BIN" repo index "$WORK/charts" --url "http://127.0.0.1:$CHART_PORT/" >> "$log" 2>&1 \
    || { echo "the older chart could not be added to the chart repository (see $log)"; return 1; }
  new_namespace $ns
  seed_stack upg $ns milvus-upg.example.com >> "$log" 2>&1 || { echo "stack upg set-up failed (see $log)"; return 1; }
  in_project pulumi config set -s upg chartVersion "$OLD_CHART_VERSION" >> "$log" 2>&1
  up_ upg "$LOG/upg-install.log" || { echo "the install at chart $OLD_CHART_VERSION failed (see $LOG/upg-install.log)"; return 1; }
  helm_ list -n $ns -a -o json > "$WORK/upg-helm-0.json"
  day2 helm-chart "$WORK/upg-helm-0.json" my-release "milvus-$OLD_CHART_VERSION" deployed || return 1
  local rev
  rev=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["revision"])' "$WORK/upg-helm-0.json")
  kube GET /api/v1/namespaces/$ns/pods > "$WORK/upg-pods-0.json"
  kube GET /api/v1/namespaces/$ns/persistentvolumeclaims > "$WORK/upg-pvcs-0.json"
  local old_tag new_tag
  old_tag=$(day2 app-version "$WORK/upg-helm-0.json" my-release)
  day2 images "$WORK/upg-pods-0.json" proxy "v$old_tag" || return 1

  # The upgrade: chartVersion to the current chart, nothing else.
  in_project pulumi config set -s upg chartVersion "$new_version" >> "$log" 2>&1
  : > "$WORK/upg-samples"
  sample_serving $ns "$WORK/upg-samples" &
  local sampler=$!
  up_ upg "$LOG/upg-upgrade.log"
  local rc=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
  [ $rc -eq 0 ] || { echo "the upgrade to chart $new_version failed (see $LOG/upg-upgrade.log)"; return 1; }
  helm_ list -n $ns -a -o json > "$WORK/upg-helm-1.json"
  kube GET /api/v1/namespaces/$ns/pods > "$WORK/upg-pods-1.json"
  kube GET /api/v1/namespaces/$ns/persistentvolumeclaims > "$WORK/upg-pvcs-1.json"
  kube GET /api/v1/namespaces/$ns/services/my-release-milvus > "$WORK/upg-svc-1.json"
  kube GET /api/v1/namespaces/$ns/configmaps > "$WORK/upg-cms-1.json"
  workloads_snapshot $ns "$WORK/upg-workloads-1.json"
  day2 helm-chart "$WORK/upg-helm-1.json" my-release "milvus-$new_version" deployed $((rev + 1)) || return 1
  new_tag=$(day2 app-version "$WORK/upg-helm-1.json" my-release)
  day2 images "$WORK/upg-pods-1.json" proxy "v$new_tag" || return 1
  life same-uids "$WORK/upg-pvcs-0.json" "$WORK/upg-pvcs-1.json" || { echo "PVCs after the upgrade: $(life same-uids "$WORK/upg-pvcs-0.json" "$WORK/upg-pvcs-1.json")"; return 1; }
  life serving-ready "$WORK/upg-pods-1.json" my-release cluster || return 1
  life l7-service "$WORK/upg-svc-1.json" my-release-milvus-backend || return 1
  life tls-mode-on "$WORK/upg-cms-1.json" my-release || return 1
  # The proxy is replaced by a rolling update (its Deployment's strategy) and a Ready proxy served all along.
  day2 rolled "$WORK/upg-workloads-1.json" my-release-milvus-proxy "$WORK/upg-pods-0.json" "$WORK/upg-pods-1.json" || return 1
  day2 served-throughout "$WORK/upg-samples" || return 1
  # What restarts (docs/day2.md): every Milvus component (their image changes) and, on the release's first upgrade,
  # etcd (the chart's ETCD_INITIAL_CLUSTER_STATE turns from new to existing); not MinIO, not Pulsar.
  note "chart-upgrade-in-place: $OLD_CHART_VERSION -> $new_version restarted: $(life restarted "$WORK/upg-pods-0.json" "$WORK/upg-pods-1.json" | paste -sd, -)"
  life expect-restarted "$WORK/upg-pods-0.json" "$WORK/upg-pods-1.json" "$(switch_restarts "$WORK/upg-pods-0.json" my-release)" || return 1
  in_project pulumi preview -s upg --expect-no-changes --non-interactive > "$LOG/upg-no-change.log" 2>&1 \
    || { echo "after the upgrade a preview shows changes (see $LOG/upg-no-change.log)"; return 1; }

  # docs/day2.md's way back: chartVersion to the older version again, then up (a Helm upgrade to the older chart).
  in_project pulumi config set -s upg chartVersion "$OLD_CHART_VERSION" >> "$log" 2>&1
  up_ upg "$LOG/upg-back.log" || { echo "the way back to chart $OLD_CHART_VERSION failed (see $LOG/upg-back.log)"; return 1; }
  helm_ list -n $ns -a -o json > "$WORK/upg-helm-2.json"
  kube GET /api/v1/namespaces/$ns/pods > "$WORK/upg-pods-2.json"
  kube GET /api/v1/namespaces/$ns/persistentvolumeclaims > "$WORK/upg-pvcs-2.json"
  day2 helm-chart "$WORK/upg-helm-2.json" my-release "milvus-$OLD_CHART_VERSION" deployed $((rev + 2)) || return 1
  day2 images "$WORK/upg-pods-2.json" proxy "v$old_tag" || return 1
  life same-uids "$WORK/upg-pvcs-0.json" "$WORK/upg-pvcs-2.json" || return 1
  life serving-ready "$WORK/upg-pods-2.json" my-release cluster || return 1
  note "chart-upgrade-in-place: back to $OLD_CHART_VERSION restarted: $(life restarted "$WORK/upg-pods-1.json" "$WORK/upg-pods-2.json" | paste -sd, -)"
  # Every Milvus component again; etcd only when the two charts' etcd differ (5.0.8's is older than 5.0.19's).
  day2 restarted-within "$WORK/upg-pods-1.json" "$WORK/upg-pods-2.json" \
    "$(life workloads "$WORK/upg-pods-1.json" | grep -E '^my-release-milvus-' | paste -sd, -)" my-release-etcd || return 1
  in_project pulumi destroy -s upg --yes --skip-preview --non-interactive >> "$log" 2>&1 \
    || { echo "destroy of stack upg failed (see $log)"; return 1; }
}

# ---- scale-proxy -----------------------------------------------------------------------------------------------
scenario_scale_proxy() {
  local log=$LOG/scale.log ns=scale
  new_namespace $ns
  seed_stack scale $ns milvus-scale.example.com >> "$log" 2>&1 || { echo "stack scale set-up failed (see $log)"; return 1; }
  up_ scale "$LOG/scale-up-1.log" || { echo "the first up failed (see $LOG/scale-up-1.log)"; return 1; }
  local replicas step=0 rev before after allowed
  for replicas in 3 1; do
    helm_ status my-release -n $ns -o json > "$WORK/scale-helm-$step.json"
    rev=$(life helm-revision "$WORK/scale-helm-$step.json")
    kube GET /api/v1/namespaces/$ns/pods > "$WORK/scale-pods-$step.json"
    workloads_snapshot $ns "$WORK/scale-workloads-$step.json"
    in_project pulumi config set -s scale --path 'helmValues.proxy.replicas' "$replicas" >> "$log" 2>&1
    up_ scale "$LOG/scale-to-$replicas.log" || { echo "the up to $replicas proxies failed (see $LOG/scale-to-$replicas.log)"; return 1; }
    step=$((step + 1))
    kube GET /api/v1/namespaces/$ns/pods > "$WORK/scale-pods-$step.json"
    workloads_snapshot $ns "$WORK/scale-workloads-$step.json"
    before=$WORK/scale-pods-$((step - 1)).json after=$WORK/scale-pods-$step.json
    # The chart's etcd rolls once, on the release's first upgrade (README, Certificate rotation); nothing else may.
    allowed=
    [ "$rev" = 1 ] && allowed=my-release-etcd
    note "scale-proxy: to $replicas: workloads with a pod gone or replaced: $(life restarted "$before" "$after" | paste -sd, -); allowed to restart: ${allowed:-nothing}"
    day2 scaled "$WORK/scale-workloads-$((step - 1)).json" "$WORK/scale-workloads-$step.json" my-release-milvus-proxy "$replicas" "$allowed" || return 1
    day2 pods-kept "$before" "$after" my-release-milvus-proxy "$allowed" || return 1
    [ "$(day2 ready-count proxy < "$after")" = "$replicas" ] \
      || { echo "$(day2 ready-count proxy < "$after") proxy pods Ready, not $replicas"; return 1; }
  done
  in_project pulumi preview -s scale --expect-no-changes --non-interactive > "$LOG/scale-no-change.log" 2>&1 \
    || { echo "after scaling a preview shows changes (see $LOG/scale-no-change.log)"; return 1; }
  in_project pulumi destroy -s scale --yes --skip-preview --non-interactive >> "$log" 2>&1 \
    || { echo "destroy of stack scale failed (see $log)"; return 1; }
}

# ---- control-plane-outage-during-up ----------------------------------------------------------------------------
# docs/day2.md, "Control-plane outage": rerun up; if it says Helm left the release pending, do what it says (helm
# rollback), then up again. If Helm cannot roll back (seen: it cannot patch Pulsar's init Job back to the older
# revision), remove Helm's record of the unfinished revision, which the message names, and up again.
rerun_after_outage() { # STACK NAMESPACE LOG
  up_ "$1" "$3" && return 0
  local pending
  pending=$(grep -o -m1 "refusing to touch the cluster: the Helm release $2/my-release is pending-[a-z]* (revision [0-9]*)" "$3") \
    || { echo "the rerun after the outage failed (see $3)"; return 1; }
  note "control-plane-outage-during-up: the rerun says: ${pending#refusing to touch the cluster: }; helm rollback as it says"
  if ! helm_ rollback my-release -n "$2" --wait >> "$3.rollback" 2>&1; then
    local revision=${pending##*revision }; revision=${revision%)}
    note "control-plane-outage-during-up: helm rollback failed: $(grep -m1 '^Error' "$3.rollback" | cut -c1-160); deleting Helm's record of revision $revision"
    kube DELETE "/api/v1/namespaces/$2/secrets/sh.helm.release.v1.my-release.v$revision" -o /dev/null -w '%{http_code}\n' | grep -q '^200$' \
      || { echo "could not delete sh.helm.release.v1.my-release.v$revision"; return 1; }
  fi
  up_ "$1" "$3.2" || { echo "the up after the way back failed (see $3.2)"; return 1; }
}

scenario_control_plane_outage_during_up() {
  local log=$LOG/outage.log ns=outage timeout=180
  new_namespace $ns
  seed_stack outage $ns milvus-outage.example.com >> "$log" 2>&1 || { echo "stack outage set-up failed (see $log)"; return 1; }
  in_project pulumi config set -s outage helmTimeoutSeconds $timeout >> "$log" 2>&1
  up_ outage "$LOG/outage-install.log" || { echo "the first up failed (see $LOG/outage-install.log)"; return 1; }
  kube GET /api/v1/namespaces/$ns/persistentvolumeclaims > "$WORK/outage-pvcs-0.json"
  # A routine upgrade that restarts every Milvus component (a new image tag), so up waits for Milvus a while.
  in_project pulumi config set -s outage --path 'helmValues.image.all.tag' e2e-outage-day >> "$log" 2>&1
  local up_log=$LOG/outage-up.log t0 pid i
  t0=$(now)
  (cd "$WORK/project" && exec pulumi up -s outage --yes --skip-preview --non-interactive) > "$up_log" 2>&1 &
  pid=$!
  # Helm has applied the upgrade (the proxy Deployment names the new image) and waits for the new pods: stop then.
  for i in $(seq 1 1200); do
    kube GET /apis/apps/v1/namespaces/$ns/deployments/my-release-milvus-proxy 2>/dev/null | grep -q ':e2e-outage-day"' && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  "$E2E/toolchain/control-plane" stop "$WORK/apiserver" >> "$log" 2>&1 || { echo "could not stop kube-apiserver (see $log)"; return 1; }
  note "control-plane-outage-during-up: kube-apiserver stopped $(secs "$t0")s into the up (Helm waiting for the new pods), for ${OUTAGE_SECONDS}s"
  local ended= when="after the API server came back"
  for i in $(seq 1 $((OUTAGE_SECONDS * 2))); do
    [ -z "$ended" ] && ! kill -0 "$pid" 2>/dev/null && ended=$(secs "$t0") && when="during the outage"
    sleep 0.5
  done
  "$E2E/toolchain/control-plane" start "$WORK/apiserver" >> "$log" 2>&1 || { echo "kube-apiserver did not come back (see $log)"; return 1; }
  # Never a hang: up ends within its own timeouts (helmTimeoutSeconds, then Helm's rollback) and a margin.
  local bound=$((timeout * 2 + 120)) rc
  for i in $(seq 1 $((bound * 2))); do
    kill -0 "$pid" 2>/dev/null || break
    awk -v e="$(secs "$t0")" -v b="$bound" 'BEGIN { exit !(e > b) }' && break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    echo "up still ran $(secs "$t0")s after it started (helmTimeoutSeconds $timeout; see $up_log)"; return 1
  fi
  wait "$pid"; rc=$?
  note "control-plane-outage-during-up: up ended ${ended:-$(secs "$t0")}s after it started ($when), exit code $rc: $(grep -A1 -F 'kubernetes:helm.sh/v3:Release (milvus-l7-milvus-release):' "$up_log" | tail -n 1 | cut -c1-240)"
  if [ $rc -ne 0 ]; then
    grep -q -E '^ +error: ' "$up_log" || { echo "up failed without an error line (see $up_log)"; return 1; }
  fi
  rerun_after_outage outage $ns "$LOG/outage-rerun.log" || return 1
  recovered outage $ns || return 1
  kube GET /api/v1/namespaces/$ns/persistentvolumeclaims > "$WORK/outage-pvcs-1.json"
  life same-uids "$WORK/outage-pvcs-0.json" "$WORK/outage-pvcs-1.json" || { echo "PVCs after the outage: $(life same-uids "$WORK/outage-pvcs-0.json" "$WORK/outage-pvcs-1.json")"; return 1; }
  kube GET /api/v1/namespaces/$ns/pods > "$WORK/outage-pods.json"
  day2 images "$WORK/outage-pods.json" proxy e2e-outage-day || return 1
  in_project pulumi destroy -s outage --yes --skip-preview --non-interactive >> "$log" 2>&1 \
    || { echo "destroy of stack outage failed (see $log)"; return 1; }
}

# ---- api-errors-retried ----------------------------------------------------------------------------------------
# toxiproxy (TCP: refused connections, slow responses) in front of the API server; its upstream switched, through its
# HTTP API, to nginx answering 429 (Retry-After: 1) or 503 as an overloaded API server does.
toxi() { # METHOD PATH [JSON]
  curl -sS -f -X "$1" "http://127.0.0.1:$FAULT_PORT_BASE$2" ${3:+-H 'Content-Type: application/json' --data "$3"} -o /dev/null
}
fault_upstream() { toxi POST /proxies/apiserver "{\"upstream\":\"127.0.0.1:$1\"}"; }
faults_start() { # DIR
  local dir=$1 api_port=${APISERVER_PORT}
  mkdir -p "$dir"
  "$TOXIPROXY_BIN" -host 127.0.0.1 -port "$FAULT_PORT_BASE" > "$dir/toxiproxy.log" 2>&1 &
  echo $! >> "$dir/pids"
  local i
  for i in $(seq 1 50); do toxi GET /version 2>/dev/null && break; sleep 0.2; done
  toxi POST /proxies "{\"name\":\"apiserver\",\"listen\":\"127.0.0.1:$((FAULT_PORT_BASE + 1))\",\"upstream\":\"127.0.0.1:$api_port\"}" \
    || { echo "toxiproxy did not start (see $dir/toxiproxy.log)"; return 1; }
  export PATH="$PATH:/usr/sbin:/sbin"
  if ! command -v nginx >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 nginx >> "$dir/apt.log" 2>&1 \
      || { apt-get update >> "$dir/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx >> "$dir/apt.log" 2>&1; } \
      || { echo "nginx is missing and could not be installed (see $dir/apt.log)"; return 1; }
  fi
  local status='{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure"'
  cat > "$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 64; }
http {
  log_format answers '\$status\t\$request\t\$http_user_agent';
  access_log $dir/access.log answers;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp; uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  keepalive_timeout 0;
  ssl_certificate $WORK/apiserver/pki/apiserver.crt;
  ssl_certificate_key $WORK/apiserver/pki/apiserver.key;
  default_type application/json;
  server {
    listen 127.0.0.1:$((FAULT_PORT_BASE + 2)) ssl;
    location / { add_header Retry-After 1 always; return 429 '$status,"message":"Too many requests, please try again later.","reason":"TooManyRequests","code":429}'; }
  }
  server {
    listen 127.0.0.1:$((FAULT_PORT_BASE + 3)) ssl;
    location / { return 503 '$status,"message":"the server is currently unable to handle the request","reason":"ServiceUnavailable","code":503}'; }
  }
}
EOF
  mkdir -p "$dir/tmp"
  nginx -c "$dir/nginx.conf" -e "$dir/nginx-error.log" -g 'daemon off;' > "$dir/nginx.out" 2>&1 &
  echo $! >> "$dir/pids"
  for i in $(seq 1 50); do
    curl -sk -o /dev/null "https://127.0.0.1:$((FAULT_PORT_BASE + 3))/" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nginx did not start (see $dir/nginx-error.log)"; return 1
}
# (A scenario runs in a subshell of e2e/run, so what it starts it stops itself.)
faults_stop() { # DIR
  local pid
  for pid in $(cat "$1/pids" 2>/dev/null); do kill "$pid" 2>/dev/null; done
  rm -f "$1/pids"
}
# A kubeconfig for the same cluster through the fault proxy (the API server's certificate names 127.0.0.1).
faulty_kubeconfig() { # OUT
  sed "s#server: https://127.0.0.1:$APISERVER_PORT#server: https://127.0.0.1:$((FAULT_PORT_BASE + 1))#" "$KUBECONFIG" > "$1"
}

scenario_api_errors_retried() {
  api_errors_retried "$WORK/faults"
  local rc=$?
  faults_stop "$WORK/faults"
  return $rc
}
api_errors_retried() { # DIR
  local log=$LOG/faults.log ns=faults dir=$1
  [ -n "${TOXIPROXY_BIN:-}" ] || { echo "no TOXIPROXY_BIN from the toolchain build"; return 1; }
  faults_start "$dir" >> "$log" 2>&1 || { echo "fault proxy set-up failed: $(tail -n 1 "$log")"; return 1; }
  new_namespace $ns
  seed_stack faults $ns milvus-faults.example.com >> "$log" 2>&1 || { echo "stack faults set-up failed (see $log)"; return 1; }
  faulty_kubeconfig "$dir/kubeconfig"
  in_project pulumi config set -s faults --secret kubeconfig < "$dir/kubeconfig" >> "$log" 2>&1 \
    || { echo "pulumi config set --secret kubeconfig failed (see $log)"; return 1; }

  # 1. Errors that pass: from the start of up, connections refused (the proxy down), then 429 with Retry-After,
  #    then 503, then slow answers (2 s each), then none. The cluster check asks again through all of them.
  toxi POST /proxies/apiserver '{"enabled":false}'
  local up_log=$LOG/faults-transient.log t0 pid
  t0=$(now)
  (cd "$WORK/project" && exec pulumi up -s faults --yes --skip-preview --non-interactive) > "$up_log" 2>&1 &
  pid=$!
  sleep 6; fault_upstream $((FAULT_PORT_BASE + 2)); toxi POST /proxies/apiserver '{"enabled":true}'
  sleep 4; fault_upstream $((FAULT_PORT_BASE + 3))
  sleep 4; fault_upstream "$APISERVER_PORT"
  toxi POST /proxies/apiserver/toxics '{"name":"slow","type":"latency","stream":"downstream","attributes":{"latency":2000}}'
  sleep 4; toxi DELETE /proxies/apiserver/toxics/slow
  note "api-errors-retried: faults for 18s from the start of up (refused 6s, 429 4s, 503 4s, 2s latency 4s)"
  wait "$pid"
  local rc=$?
  note "api-errors-retried: the up under transient faults ended after $(secs "$t0")s with exit code $rc"
  if grep -q 'could not check the cluster' "$up_log"; then
    echo "the cluster check gave up on transient faults: $(grep -m1 -o 'could not check the cluster.*' "$up_log" | cut -c1-300)"; return 1
  fi
  # It was answered 429 and 503 (nginx's log), and it passed: the stack's objects, which wait for it, were registered.
  day2 status-answers "$dir/access.log" Java/ 429,503 || return 1
  grep -q -E 'kubernetes:(core|networking|cloud|helm)[^ ]* +milvus-l7-' "$up_log" \
    || { echo "no object of the stack was registered after the faults (see $up_log)"; return 1; }
  if [ $rc -ne 0 ]; then
    # The Kubernetes provider reads the cluster once when it starts; if that met the faults, it says the cluster is
    # unreachable for the rest of this up. The next up converges.
    note "api-errors-retried: up failed after the check passed: $(grep -m1 -E '^ +error: ' "$up_log" | cut -c1-200); rerun"
    up_ faults "$LOG/faults-transient-rerun.log" || { echo "the rerun after transient faults failed (see $LOG/faults-transient-rerun.log)"; return 1; }
  fi
  helm_ status my-release -n $ns -o json > "$WORK/faults-helm-1.json"
  life helm-status "$WORK/faults-helm-1.json" deployed 1 || return 1

  # 2. Errors that last (the API server answers 503 for good): the check gives up within its bound (60 s), naming
  #    the API server and the last answer; nothing changes. Then the faults end and up converges.
  in_project pulumi config set -s faults --path 'helmValues.proxy.replicas' 2 >> "$log" 2>&1
  fault_upstream $((FAULT_PORT_BASE + 3))
  up_log=$LOG/faults-lasting.log
  t0=$(now)
  if up_ faults "$up_log"; then fault_upstream "$APISERVER_PORT"; echo "up succeeded while every answer was 503"; return 1; fi
  local elapsed
  elapsed=$(secs "$t0")
  fault_upstream "$APISERVER_PORT"
  note "api-errors-retried: up with the API server answering 503 gave up after ${elapsed}s"
  local server="https://127.0.0.1:$((FAULT_PORT_BASE + 1))"
  grep -q "could not check the cluster for objects that this stack would take over: cannot reach the API server $server: no usable answer to GET /api/v1/namespaces/$ns after [0-9]* tries in [0-9.]* s (the cluster check asks for at most 60 s in all); the last answer: 503 .*the server is currently unable to handle the request" "$up_log" \
    || { echo "the error does not name the API server and the last answer (see $up_log)"; return 1; }
  awk -v e="$elapsed" 'BEGIN { exit !(e >= 55 && e < 60 + 45) }' \
    || { echo "up gave up after ${elapsed}s, not after the check's 60 s bound"; return 1; }
  helm_ status my-release -n $ns -o json > "$WORK/faults-helm-2.json"
  life helm-status "$WORK/faults-helm-2.json" deployed 1 || { echo "the refused up changed the release: $(life helm-status "$WORK/faults-helm-2.json" deployed 1)"; return 1; }
  up_ faults "$LOG/faults-converge.log" || { echo "the up after the faults ended failed (see $LOG/faults-converge.log)"; return 1; }
  helm_ status my-release -n $ns -o json > "$WORK/faults-helm-3.json"
  life helm-status "$WORK/faults-helm-3.json" deployed 2 || return 1
  [ "$(kube GET "/api/v1/namespaces/$ns/pods?labelSelector=component%3Dproxy" | day2 ready-count proxy)" = 2 ] \
    || { echo "the converged up did not scale the proxy to 2"; return 1; }
  in_project pulumi preview -s faults --expect-no-changes --non-interactive > "$LOG/faults-no-change.log" 2>&1 \
    || { echo "after converging a preview shows changes (see $LOG/faults-no-change.log)"; return 1; }
  in_project pulumi destroy -s faults --yes --skip-preview --non-interactive >> "$log" 2>&1 \
    || { echo "destroy of stack faults failed (see $log)"; return 1; }
}

# ---- namespace-scoped-deployer ---------------------------------------------------------------------------------
# docs/day2.md and docs/ci.md: the built-in admin ClusterRole bound in the namespace, and a Role for the GKE CRDs.
tenant_rbac() { # NAMESPACE WITH_GKE_ROLE(yes|no)
  local ns=$1 mgr="fieldManager=e2e"
  kube POST "/api/v1/namespaces/$ns/serviceaccounts?$mgr" -H 'Content-Type: application/json' \
    --data "{\"metadata\":{\"name\":\"deployer\",\"namespace\":\"$ns\"}}" -o /dev/null
  kube POST "/apis/rbac.authorization.k8s.io/v1/namespaces/$ns/rolebindings?$mgr" -H 'Content-Type: application/json' \
    --data "{\"metadata\":{\"name\":\"deployer-admin\",\"namespace\":\"$ns\"},
      \"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"admin\"},
      \"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"deployer\",\"namespace\":\"$ns\"}]}" -o /dev/null
  [ "$2" = yes ] || return 0
  kube POST "/apis/rbac.authorization.k8s.io/v1/namespaces/$ns/roles?$mgr" -H 'Content-Type: application/json' \
    --data "{\"metadata\":{\"name\":\"gke-load-balancer-objects\",\"namespace\":\"$ns\"},\"rules\":[
      {\"apiGroups\":[\"cloud.google.com\"],\"resources\":[\"backendconfigs\"],\"verbs\":[\"get\",\"list\",\"watch\",\"create\",\"update\",\"patch\",\"delete\"]},
      {\"apiGroups\":[\"networking.gke.io\"],\"resources\":[\"frontendconfigs\",\"managedcertificates\"],\"verbs\":[\"get\",\"list\",\"watch\",\"create\",\"update\",\"patch\",\"delete\"]}]}" -o /dev/null
  # Pulsar's broker Role (chart 5.0.19) grants its rule on pods, services, deployments, secrets and statefulsets in
  # the groups "", extensions and apps, every combination: RBAC lets an account grant only what it holds, and admin
  # holds e.g. deployments in apps only, so the deployer needs the same rule to install the chart.
  kube POST "/apis/rbac.authorization.k8s.io/v1/namespaces/$ns/roles?$mgr" -H 'Content-Type: application/json' \
    --data "{\"metadata\":{\"name\":\"milvus-chart-pulsar-broker-rules\",\"namespace\":\"$ns\"},\"rules\":[
      {\"apiGroups\":[\"\",\"extensions\",\"apps\"],\"resources\":[\"pods\",\"services\",\"deployments\",\"secrets\",\"statefulsets\"],
       \"verbs\":[\"list\",\"watch\",\"get\",\"update\",\"create\",\"delete\",\"patch\"]}]}" -o /dev/null
  local role
  for role in gke-load-balancer-objects milvus-chart-pulsar-broker-rules; do
    kube POST "/apis/rbac.authorization.k8s.io/v1/namespaces/$ns/rolebindings?$mgr" -H 'Content-Type: application/json' \
      --data "{\"metadata\":{\"name\":\"deployer-$role\",\"namespace\":\"$ns\"},
        \"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\",\"name\":\"$role\"},
        \"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"deployer\",\"namespace\":\"$ns\"}]}" -o /dev/null
  done
}
tenant_kubeconfig() { # NAMESPACE OUT: the ServiceAccount's token (TokenRequest, 1 h) in a kubeconfig of its own
  local token
  token=$(kube POST "/api/v1/namespaces/$1/serviceaccounts/deployer/token" -H 'Content-Type: application/json' \
    --data '{"spec":{"expirationSeconds":3600}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["token"])') || return 1
  (umask 077; cat > "$2" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: $API
    certificate-authority-data: $(base64 -w0 < "$PKI/ca.crt")
users:
- name: deployer
  user:
    token: $token
contexts:
- name: deployer
  context: {cluster: e2e, user: deployer, namespace: $1}
current-context: deployer
EOF
  )
}

scenario_namespace_scoped_deployer() {
  local log=$LOG/tenant.log ns=tenant
  new_namespace $ns
  tenant_rbac $ns no
  tenant_kubeconfig $ns "$WORK/tenant-kubeconfig" || { echo "no token for the deployer ServiceAccount"; return 1; }
  seed_stack tenant $ns milvus-tenant.example.com >> "$log" 2>&1 || { echo "stack tenant set-up failed (see $log)"; return 1; }
  in_project pulumi config set -s tenant --secret kubeconfig < "$WORK/tenant-kubeconfig" >> "$log" 2>&1
  # 1. Without the Role for the GKE CRDs: up stops before it changes anything, naming the right that is missing.
  if up_ tenant "$LOG/tenant-no-crd-role.log"; then echo "up went ahead without rights on the GKE CRDs"; return 1; fi
  grep -q 'could not read BackendConfig tenant/my-release-milvus-backend: the API server answered 403 .*User \\*"system:serviceaccount:tenant:deployer\\*" cannot get resource \\*"backendconfigs\\*" in API group \\*"cloud.google.com\\*"' "$LOG/tenant-no-crd-role.log" \
    || { echo "the refusal does not name the missing right on backendconfigs (see $LOG/tenant-no-crd-role.log)"; return 1; }
  helm_ list -n $ns -a -o json > "$WORK/tenant-releases-0.json"
  grep -q '^\[\]$' "$WORK/tenant-releases-0.json" || { echo "the refused up installed something: $(cat "$WORK/tenant-releases-0.json")"; return 1; }
  # 2. With it: preview, up and destroy as the ServiceAccount.
  tenant_rbac $ns yes
  in_project pulumi preview -s tenant --non-interactive > "$LOG/tenant-preview.log" 2>&1 \
    || { echo "the preview as the namespace-scoped deployer failed (see $LOG/tenant-preview.log)"; return 1; }
  if grep -q 'could not check the cluster' "$LOG/tenant-preview.log"; then echo "the preview could not check the cluster (see $LOG/tenant-preview.log)"; return 1; fi
  up_ tenant "$LOG/tenant-up.log" || { echo "up as the namespace-scoped deployer failed (see $LOG/tenant-up.log)"; return 1; }
  helm_ status my-release -n $ns -o json > "$WORK/tenant-helm.json"
  life helm-status "$WORK/tenant-helm.json" deployed 1 || return 1
  kube GET /api/v1/namespaces/$ns/pods > "$WORK/tenant-pods.json"
  life serving-ready "$WORK/tenant-pods.json" my-release cluster || return 1
  kube GET /apis/networking.k8s.io/v1/namespaces/$ns/ingresses > "$WORK/tenant-ingresses.json"
  life only-names "$WORK/tenant-ingresses.json" my-release-milvus || return 1
  kube GET /apis/cloud.google.com/v1/namespaces/$ns/backendconfigs > "$WORK/tenant-bcs.json"
  life only-names "$WORK/tenant-bcs.json" my-release-milvus-backend || return 1
  in_project pulumi preview -s tenant --expect-no-changes --non-interactive > "$LOG/tenant-no-change.log" 2>&1 \
    || { echo "after up a preview shows changes (see $LOG/tenant-no-change.log)"; return 1; }
  in_project pulumi destroy -s tenant --yes --skip-preview --non-interactive > "$LOG/tenant-destroy.log" 2>&1 \
    || { echo "destroy as the namespace-scoped deployer failed (see $LOG/tenant-destroy.log)"; return 1; }
  helm_ list -n $ns -a -o json > "$WORK/tenant-releases-1.json"
  grep -q '^\[\]$' "$WORK/tenant-releases-1.json" || { echo "destroy left the release: $(cat "$WORK/tenant-releases-1.json")"; return 1; }
  kube GET /apis/networking.k8s.io/v1/namespaces/$ns/ingresses > "$WORK/tenant-ingresses-1.json"
  life only-names "$WORK/tenant-ingresses-1.json" "" || return 1
}
