# shellcheck shell=bash
# The load balancer's rollout as GKE does it (e2e/toolchain/gke-standin plays GKE's controllers): GKE's writes make
# no drift and survive an up, destroy waits for GKE's finalizer, and `status` follows the rollout stage by stage
# and names what blocks it. Sourced by e2e/run; each scenario has its own namespace, release and stack.
ALL_SCENARIOS+=(gke-writes-no-drift gke-writes-survive-up destroy-waits-for-gke-finalizer status-wait-follows-rollout
  status-names-blocking-stage)

gke() { python3 "$E2E/lib/gke_rollout.py" "$@"; }

# A stack of its own: the dev stack file with the stand-ins for GCP, standalone Milvus (fewer pods), in namespace NS
# (created here), serving DOMAIN; then each KEY VALUE given.
gke_stack() { # STACK NS DOMAIN [KEY VALUE]...
  local stack=$1 ns=$2 domain=$3
  shift 3
  kube POST /api/v1/namespaces -H 'Content-Type: application/json' --data "{\"metadata\":{\"name\":\"$ns\"}}" -o /dev/null
  seed_stack "$stack" "$ns" "$domain" || return 1
  in_project pulumi config set -s "$stack" clusterEnabled false || return 1
  in_project pulumi config rm -s "$stack" helmValues || return 1
  while [ $# -ge 2 ]; do
    in_project pulumi config set -s "$stack" "$1" "$2" || return 1
    shift 2
  done
}

gke_up() { # STACK LOG
  in_project pulumi up -s "$1" --yes --skip-preview --non-interactive > "$2" 2>&1
}

gke_destroy() { # STACK LOG
  in_project pulumi destroy -s "$1" --yes --skip-preview --non-interactive >> "$2" 2>&1
}

# Until GKE's writes are all there (at most 60 s): the Ingress's finalizer and load-balancer annotations with every
# backend HEALTHY, the Service's neg-status and, if named, the ManagedCertificate Active. Leaves PREFIX-ingress.json.
gke_settled() { # NS NAME PREFIX [CERT]
  local i
  for i in $(seq 1 120); do
    kube GET "/apis/networking.k8s.io/v1/namespaces/$1/ingresses/$2" > "$3-ingress.json"
    kube GET "/api/v1/namespaces/$1/services/$2" > "$3-service.json"
    if [ -n "${4:-}" ]; then
      kube GET "/apis/networking.gke.io/v1/namespaces/$1/managedcertificates/$4" > "$3-cert.json"
      gke gke-written "$3-ingress.json" "$3-service.json" "$3-cert.json" > "$3-why" && return 0
    else
      gke gke-written "$3-ingress.json" "$3-service.json" > "$3-why" && return 0
    fi
    sleep 0.5
  done
  cat "$3-why"
  return 1
}

# `status` as a user runs it after `up`: the outputs piped in, the cluster from $KUBECONFIG, the domain resolved from
# the stand-in's DNS table (the load balancer itself is not there to reach: --skip-outside).
gke_status() { # STACK OUT [ARGS...]
  local stack=$1 out=$2
  shift 2
  in_project pulumi stack output -s "$stack" --json --show-secrets 2>> "$LOG/status-outputs.log" \
    | "$REAL_JAVA" -jar "$ROOT/target/milvus-gke-l7.jar" status --outputs - --hosts-file "$GKE_DNS_TABLE" --skip-outside "$@" \
    > "$out" 2>&1
}

# `status --stack` as the README shows it, in the project's directory: the outputs and the kubeconfig come from the
# stack through the pulumi CLI. $KUBECONFIG names a kubeconfig of a server that is not there, so a status that read
# the ambient kubeconfig instead of the stack's would see no cluster.
gke_status_stack() { # STACK OUT [ARGS...]
  local stack=$1 out=$2
  shift 2
  [ -f "$WORK/decoy.kubeconfig" ] || sed -E "s#server: .*#server: https://127.0.0.1:9#" "$KUBECONFIG" > "$WORK/decoy.kubeconfig"
  (cd "$WORK/project" && KUBECONFIG=$WORK/decoy.kubeconfig "$REAL_JAVA" -jar "$ROOT/target/milvus-gke-l7.jar" status --stack "$stack" \
    --hosts-file "$GKE_DNS_TABLE" --skip-outside "$@") > "$out" 2>&1
}

dns_record() { # DOMAIN IP: the DNS table's one record for DOMAIN
  sed -i "/ $1\$/d" "$GKE_DNS_TABLE"
  echo "$2 $1" >> "$GKE_DNS_TABLE"
}

scenario_gke_writes_no_drift() {
  local log=$LOG/gke-nodrift.log ns=gkend domain=milvus-gkend.example.com svc=vec-milvus
  dns_record "$domain" "$GKE_LB_ADDRESS"
  gke_stack gkend "$ns" "$domain" certificateMode google-managed releaseName vec restApi true >> "$log" 2>&1 \
    || { echo "stack gkend set-up failed (see $log)"; return 1; }
  gke_up gkend "$LOG/gkend-up.log" || { echo "pulumi up failed (see $LOG/gkend-up.log)"; return 1; }
  gke_settled "$ns" "$svc" "$WORK/gkend" "$svc-cert" || return 1
  in_project pulumi preview -s gkend --expect-no-changes --non-interactive --diff > "$LOG/gkend-preview.log" 2>&1 \
    || { echo "after GKE's writes a preview shows changes (see $LOG/gkend-preview.log)"; return 1; }
  in_project pulumi refresh -s gkend --yes --non-interactive > "$LOG/gkend-refresh.log" 2>&1 \
    || { echo "pulumi refresh failed (see $LOG/gkend-refresh.log)"; return 1; }
  in_project pulumi preview -s gkend --expect-no-changes --non-interactive --diff > "$LOG/gkend-preview-refreshed.log" 2>&1 \
    || { echo "after pulumi refresh a preview shows changes (see $LOG/gkend-preview-refreshed.log)"; return 1; }
  kube GET "/apis/networking.k8s.io/v1/namespaces/$ns/ingresses/$svc" > "$WORK/gkend-ingress-after.json"
  gke gke-kept "$WORK/gkend-ingress.json" "$WORK/gkend-ingress-after.json" || return 1
  gke_destroy gkend "$log" || { echo "destroy of stack gkend failed (see $log)"; return 1; }
}

scenario_gke_writes_survive_up() {
  local log=$LOG/gke-survive.log ns=gkeup domain=milvus-gkeup.example.com svc=my-release-milvus
  gke_stack gkeup "$ns" "$domain" >> "$log" 2>&1 || { echo "stack gkeup set-up failed (see $log)"; return 1; }
  gke_up gkeup "$LOG/gkeup-up.log" || { echo "pulumi up failed (see $LOG/gkeup-up.log)"; return 1; }
  gke_settled "$ns" "$svc" "$WORK/gkeup" || return 1
  # GKE keeps writing; paused here, what is on the Ingress after the up is what the up left.
  echo "$ns" >> "$GKE_PAUSED"
  sleep 1.5
  kube GET "/apis/networking.k8s.io/v1/namespaces/$ns/ingresses/$svc" > "$WORK/gkeup-before.json"
  in_project pulumi config set -s gkeup httpsRedirect true >> "$log" 2>&1
  gke_up gkeup "$LOG/gkeup-redirect.log"
  local rc=$?
  kube GET "/apis/networking.k8s.io/v1/namespaces/$ns/ingresses/$svc" > "$WORK/gkeup-after.json"
  sed -i "/^$ns\$/d" "$GKE_PAUSED"
  [ $rc -eq 0 ] || { echo "the up that turns httpsRedirect on failed (see $LOG/gkeup-redirect.log)"; return 1; }
  python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["metadata"]["annotations"]; sys.exit(a.get("kubernetes.io/ingress.allow-http") != "true")' \
    "$WORK/gkeup-after.json" || { echo "the up did not change the Ingress (allow-http)"; return 1; }
  gke gke-kept "$WORK/gkeup-before.json" "$WORK/gkeup-after.json" || return 1
  # GKE then opens port 80 (the HTTP forwarding rule), and the rollout completes, read by status (self-managed).
  dns_record "$domain" "$GKE_LB_ADDRESS"
  gke_status gkeup "$WORK/gkeup-status.txt" --wait --timeout 2m --interval 2 \
    || { echo "status --wait after the up: $(tail -n 5 "$WORK/gkeup-status.txt" | tr '\n' ' ')"; return 1; }
  grep -q '\[done\] certificate: self-managed certificate' "$WORK/gkeup-status.txt" \
    || { echo "status does not report the self-managed certificate (see $WORK/gkeup-status.txt)"; return 1; }
  kube GET "/apis/networking.k8s.io/v1/namespaces/$ns/ingresses/$svc" > "$WORK/gkeup-final.json"
  grep -q '"ingress.kubernetes.io/forwarding-rule"' "$WORK/gkeup-final.json" \
    || { echo "GKE did not record the HTTP forwarding rule after allow-http turned true"; return 1; }
  gke_destroy gkeup "$log" || { echo "destroy of stack gkeup failed (see $log)"; return 1; }
}

scenario_destroy_waits_for_gke_finalizer() {
  local log=$LOG/gke-destroy.log ns=gkedel domain=milvus-gkedel.example.com svc=del-milvus
  dns_record "$domain" "$GKE_LB_ADDRESS"
  gke_stack gkedel "$ns" "$domain" certificateMode google-managed releaseName del restApi true >> "$log" 2>&1 \
    || { echo "stack gkedel set-up failed (see $log)"; return 1; }
  gke_up gkedel "$LOG/gkedel-up.log" || { echo "pulumi up failed (see $LOG/gkedel-up.log)"; return 1; }
  gke_settled "$ns" "$svc" "$WORK/gkedel" "$svc-cert" || return 1
  # What the load balancer uses while it exists: the Services it routes to, their BackendConfigs, the certificate,
  # the FrontendConfig (SSL policy) and the backend's TLS Secret.
  local objects=() name
  for name in $(kube GET "/apis/cloud.google.com/v1/namespaces/$ns/backendconfigs" | python3 -c 'import json,sys; print(" ".join(i["metadata"]["name"] for i in json.load(sys.stdin)["items"]))'); do
    objects+=("/apis/cloud.google.com/v1/namespaces/$ns/backendconfigs/$name")
  done
  [ ${#objects[@]} -ge 2 ] || { echo "expected the gRPC and REST BackendConfigs, found ${#objects[@]}"; return 1; }
  objects+=("/api/v1/namespaces/$ns/services/$svc" "/api/v1/namespaces/$ns/services/$svc-rest" "/api/v1/namespaces/$ns/secrets/$svc-tls"
    "/apis/networking.gke.io/v1/namespaces/$ns/managedcertificates/$svc-cert"
    "/apis/networking.gke.io/v1beta1/namespaces/$ns/frontendconfigs/$svc-frontend")
  for name in "${objects[@]}"; do
    kube GET "$name" -o /dev/null -w '%{http_code}' | grep -q 200 || { echo "no $name before destroy"; return 1; }
  done
  rm -f "$WORK/gkedel-watch.jsonl.stop"
  gke watch-teardown "$WORK/gkedel-watch.jsonl" "$API" "$PKI/ca.crt" "$PKI/admin.crt" "$PKI/admin.key" "$ns" "$svc" "${objects[@]}" &
  local watcher=$! t0 elapsed
  t0=$(now)
  gke_destroy gkedel "$log"
  local rc=$?
  elapsed=$(secs "$t0")
  sleep 1
  touch "$WORK/gkedel-watch.jsonl.stop"
  wait "$watcher"
  [ $rc -eq 0 ] || { echo "destroy failed (see $log)"; return 1; }
  note "destroy-waits-for-gke-finalizer: destroy took ${elapsed}s (GKE's finalizer held ${GKE_STANDIN_FINALIZER_DELAY}s)"
  awk -v e="$elapsed" -v d="$GKE_STANDIN_FINALIZER_DELAY" 'BEGIN { exit !(e >= d) }' \
    || { echo "destroy returned after ${elapsed}s, before GKE removed its finalizer (${GKE_STANDIN_FINALIZER_DELAY}s)"; return 1; }
  gke teardown-order "$WORK/gkedel-watch.jsonl" "$GKE_STANDIN_FINALIZER_DELAY" > "$WORK/gkedel-order.txt" \
    || { cat "$WORK/gkedel-order.txt"; return 1; }
  grep -q "$ns/$svc: load balancer deleted; finalizer" "$LOG/gke-standin.log" \
    || { echo "the stand-in never removed the finalizer (see $LOG/gke-standin.log)"; return 1; }
}

scenario_status_wait_follows_rollout() {
  local log=$LOG/status-follows.log ns=gkest domain=vectors.gkest.example.net
  dns_record "$domain" "$GKE_LB_ADDRESS"
  gke_stack gkest "$ns" "$domain" certificateMode google-managed releaseName rollout restApi true >> "$log" 2>&1 \
    || { echo "stack gkest set-up failed (see $log)"; return 1; }
  # This stack names its cluster in its config (README: `pulumi config set --secret kubeconfig`), so `status --stack`
  # must read the cluster with that kubeconfig, not the ambient one.
  in_project pulumi config set --secret kubeconfig -s gkest < "$KUBECONFIG" >> "$log" 2>&1 \
    || { echo "pulumi config set --secret kubeconfig failed (see $log)"; return 1; }
  gke_up gkest "$LOG/gkest-up.log" || { echo "pulumi up failed (see $LOG/gkest-up.log)"; return 1; }
  # Right after up, as the deploy workflow runs it: GKE is still checking backends and provisioning the certificate.
  local t0
  t0=$(now)
  gke_status_stack gkest "$WORK/gkest-status.txt" --wait --timeout 3m --interval 1 \
    || { echo "status --stack gkest --wait did not end done: $(tail -n 6 "$WORK/gkest-status.txt" | tr '\n' ' ')"; return 1; }
  grep -q -F "Cluster: $API, from the kubeconfig in stack gkest's config" "$WORK/gkest-status.txt" \
    || { echo "status --stack does not say it reads the stack's kubeconfig: $(sed -n 2p "$WORK/gkest-status.txt")"; return 1; }
  note "status-wait-follows-rollout: done after $(secs "$t0")s, $(grep -c '^\[+' "$WORK/gkest-status.txt") progress line(s)"
  gke status-stages "$WORK/gkest-status.txt" || return 1
  local want
  for want in "Milvus gRPC (rollout-milvus:19530) HEALTHY" "Milvus REST (rollout-milvus-rest:" \
    "ManagedCertificate $ns/rollout-milvus-cert Active" "$domain resolves to the static IP $GKE_LB_ADDRESS"; do
    grep -q -F "$want" "$WORK/gkest-status.txt" || { echo "status does not say '$want' (see $WORK/gkest-status.txt)"; return 1; }
  done
  gke_destroy gkest "$log" || { echo "destroy of stack gkest failed (see $log)"; return 1; }
}

scenario_status_names_blocking_stage() {
  local log=$LOG/status-blocked.log ns=gkebad domain=milvus-gkebad.example.com svc=my-release-milvus wrong=198.51.100.77
  dns_record "$domain" "$wrong"
  gke_stack gkebad "$ns" "$domain" certificateMode google-managed >> "$log" 2>&1 \
    || { echo "stack gkebad set-up failed (see $log)"; return 1; }
  gke_up gkebad "$LOG/gkebad-up.log" || { echo "pulumi up failed (see $LOG/gkebad-up.log)"; return 1; }
  # The backend made UNHEALTHY: its health check aimed (by hand) at a port Milvus does not serve.
  kube PATCH "/apis/cloud.google.com/v1/namespaces/$ns/backendconfigs/$svc-backend" -H 'Content-Type: application/merge-patch+json' \
    --data '{"spec":{"healthCheck":{"port":9999}}}' -o /dev/null -w '%{http_code}' | grep -q 200 \
    || { echo "could not break the BackendConfig"; return 1; }
  local t0 rc elapsed
  t0=$(now)
  gke_status gkebad "$WORK/gkebad-status.txt" --wait --timeout 30s --interval 2
  rc=$?
  elapsed=$(secs "$t0")
  [ $rc -eq 6 ] || { echo "status --wait exited $rc, not 6 (see $WORK/gkebad-status.txt)"; return 1; }
  awk -v e="$elapsed" 'BEGIN { exit !(e < 30 + 30) }' || { echo "status --wait --timeout 30s took ${elapsed}s"; return 1; }
  gke status-blocked "$WORK/gkebad-status.txt" "$wrong" || return 1
  # Fixed (the record, the health check): the same command completes.
  dns_record "$domain" "$GKE_LB_ADDRESS"
  kube PATCH "/apis/cloud.google.com/v1/namespaces/$ns/backendconfigs/$svc-backend" -H 'Content-Type: application/merge-patch+json' \
    --data '{"spec":{"healthCheck":{"port":9091}}}' -o /dev/null
  gke_status gkebad "$WORK/gkebad-fixed.txt" --wait --timeout 2m --interval 2 \
    || { echo "after the fixes status --wait did not end done: $(tail -n 5 "$WORK/gkebad-fixed.txt" | tr '\n' ' ')"; return 1; }
  gke_destroy gkebad "$log" || { echo "destroy of stack gkebad failed (see $log)"; return 1; }
}
