# shellcheck shell=bash
# Data safety (issue 24): a stack's own objects are known by proof (its identity, written by its Pulumi provider),
# not by labels; a refusal of the cluster check is one clear error. Sourced by e2e/run.
ALL_SCENARIOS+=(plan-manifest-applied-by-hand second-stack-same-release)

own() { python3 "$E2E/lib/ownership.py" "$@"; }

# The objects of a plan's manifests, as a person would `kubectl apply` them (kubectl's field manager).
apply_by_hand() { # PLAN_DIR LOG
  own manifest-requests "$1" | while read -r path file; do
    kube POST "$path?fieldManager=kubectl-client-side-apply" -H 'Content-Type: application/yaml' --data-binary @"$file" \
      -o "$WORK/byhand-post.json" -w '%{http_code}\n' | grep -q '^201$' \
      || { echo "POST $file: $(cat "$WORK/byhand-post.json")" >> "$2"; return 1; }
    echo "$path/$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["metadata"]["name"])' "$file")"
  done
}

objects_versions() { # PATHS_FILE OUT.json: each object's resourceVersion, read from the API server
  local i=0 files=()
  while read -r path; do
    kube GET "$path" > "$WORK/obj-$i.json"; files+=("$WORK/obj-$i.json"); i=$((i + 1))
  done < "$1"
  printf '%s\n' "${files[@]}" > "$1.files"
  own versions "$1.files" "$2"
}

scenario_plan_manifest_applied_by_hand() {
  local ns=byhand stack=byhand log=$LOG/byhand.log
  kube POST /api/v1/namespaces -H 'Content-Type: application/json' \
    --data "{\"metadata\":{\"name\":\"$ns\"}}" -o /dev/null >> "$log" 2>&1
  # Standalone mode: fewer pods on the simulated nodes, which earlier scenarios' kept releases share.
  { seed_stack "$stack" "$ns" milvus-byhand.example.com && in_project pulumi config set -s "$stack" releaseName byhand \
    && in_project pulumi config set -s "$stack" clusterEnabled false; } \
    >> "$log" 2>&1 || { echo "stack $stack set-up failed (see $log)"; return 1; }
  # The plan of this very stack: its manifests carry the stack's labels and its identity annotation.
  (cd "$WORK/project" && "$REAL_JAVA" -jar target/milvus-gke-l7.jar plan --config "Pulumi.$stack.yaml" --out "$WORK/plan-$stack") \
    >> "$log" 2>&1 || { echo "plan failed (see $log)"; return 1; }
  # The GKE stand-in leaves this namespace alone until the adoption: its writes (finalizer, address, annotations)
  # would change the hand-made Ingress's resourceVersion, which must show that nothing else wrote to it.
  echo "$ns" >> "$GKE_PAUSED"
  apply_by_hand "$WORK/plan-$stack" "$log" > "$WORK/byhand-paths" || { echo "kubectl-style apply failed (see $log)"; return 1; }
  [ "$(wc -l < "$WORK/byhand-paths")" -ge 4 ] || { echo "expected at least 4 manifests, applied $(wc -l < "$WORK/byhand-paths")"; return 1; }
  objects_versions "$WORK/byhand-paths" "$WORK/byhand-v0.json" || return 1
  # 1. up is refused, naming each object, as one clear error; nothing is created; the objects are not written to.
  if in_project pulumi up -s "$stack" --yes --skip-preview --non-interactive > "$LOG/byhand-refused.log" 2>&1; then
    echo "pulumi up took over objects applied by hand from the plan's manifests"; return 1
  fi
  local names=() f
  for f in "$WORK/plan-$stack"/manifests/*.yaml; do
    names+=("$(python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(d["kind"], d["metadata"]["namespace"] + "/" + d["metadata"]["name"])' "$f")")
  done
  own one-clear-error "$LOG/byhand-refused.log" "${names[@]}" "pulumi config set adoptExistingObjects true" || return 1
  in_project pulumi stack export -s "$stack" > "$WORK/byhand-state.json" 2>> "$log"
  own no-custom-resources "$WORK/byhand-state.json" || return 1
  helm_ status byhand -n "$ns" > /dev/null 2>&1 && { echo "a refused up installed the release"; return 1; }
  objects_versions "$WORK/byhand-paths" "$WORK/byhand-v1.json" || return 1
  own same-versions "$WORK/byhand-v0.json" "$WORK/byhand-v1.json" || return 1
  # 2. adoptExistingObjects: the stack takes them over (the BackendConfig under the guide's name is its own, new).
  sed -i "/^$ns\$/d" "$GKE_PAUSED"
  (cd "$WORK/project" && pulumi config set -s "$stack" adoptExistingObjects true \
    && pulumi up -s "$stack" --yes --skip-preview --non-interactive) > "$LOG/byhand-adopt.log" 2>&1 \
    || { echo "the adoption failed (see $LOG/byhand-adopt.log)"; return 1; }
  kube GET "/apis/networking.k8s.io/v1/namespaces/$ns/ingresses/byhand-milvus" > "$WORK/byhand-ingress.json"
  own stamped "$WORK/byhand-ingress.json" "organization/milvus-gke-l7/$stack" || return 1
  # 3. The destroy preview and destroy: what was taken over stays, what the stack created goes.
  in_project pulumi destroy -s "$stack" --preview-only --non-interactive > "$LOG/byhand-destroy-preview.log" 2>&1 \
    || { echo "pulumi destroy --preview-only failed (see $LOG/byhand-destroy-preview.log)"; return 1; }
  own retained "$LOG/byhand-destroy-preview.log" milvus-l7-frontend-ingress,milvus-l7-frontend-frontendconfig,milvus-l7-tls-secret \
    milvus-l7-backend-backendconfig,milvus-l7-milvus-release || return 1
  in_project pulumi destroy -s "$stack" --yes --skip-preview --non-interactive > "$LOG/byhand-destroy.log" 2>&1 \
    || { echo "pulumi destroy failed (see $LOG/byhand-destroy.log)"; return 1; }
  kube GET "/apis/networking.k8s.io/v1/namespaces/$ns/ingresses" > "$WORK/byhand-ingresses.json"
  life only-names "$WORK/byhand-ingresses.json" byhand-milvus || return 1
  kube GET "/apis/networking.gke.io/v1beta1/namespaces/$ns/frontendconfigs" > "$WORK/byhand-fcs.json"
  life only-names "$WORK/byhand-fcs.json" byhand-milvus-frontend || return 1
  kube GET "/api/v1/namespaces/$ns/secrets/byhand-milvus-tls" -o /dev/null -w '%{http_code}\n' | grep -q '^200$' \
    || { echo "destroy removed the Secret it took over"; return 1; }
  # Created by the stack: its BackendConfig (the guide's name) is gone; the plan's one, never the stack's, stays.
  kube GET "/apis/cloud.google.com/v1/namespaces/$ns/backendconfigs" > "$WORK/byhand-bcs.json"
  life only-names "$WORK/byhand-bcs.json" byhand-milvus-backend || return 1
  helm_ status byhand -n "$ns" > /dev/null 2>&1 && { echo "destroy left the release this stack installed"; return 1; }
  return 0
}

scenario_second_stack_same_release() {
  local ns=twostacks log=$LOG/twostacks.log
  kube POST /api/v1/namespaces -H 'Content-Type: application/json' \
    --data "{\"metadata\":{\"name\":\"$ns\"}}" -o /dev/null >> "$log" 2>&1
  { seed_stack first "$ns" milvus-first.example.com && seed_stack second "$ns" milvus-second.example.com \
    && in_project pulumi config set -s first clusterEnabled false && in_project pulumi config set -s second clusterEnabled false; } \
    >> "$log" 2>&1 \
    || { echo "stack set-up failed (see $log)"; return 1; }
  in_project pulumi up -s first --yes --skip-preview --non-interactive > "$LOG/twostacks-first.log" 2>&1 \
    || { echo "the first stack's up failed (see $LOG/twostacks-first.log)"; return 1; }
  # GKE keeps writing on the first stack's Ingress (backend health): paused while the second stack is tried, so a
  # changed resourceVersion can only be the second stack's doing.
  echo "$ns" >> "$GKE_PAUSED"
  sleep 2                            # a write the stand-in had under way lands before the snapshot
  local paths="$WORK/twostacks-paths"
  printf '%s\n' "/api/v1/namespaces/$ns/secrets/my-release-milvus-tls" \
    "/apis/cloud.google.com/v1/namespaces/$ns/backendconfigs/my-release-milvus-backend" \
    "/apis/networking.gke.io/v1beta1/namespaces/$ns/frontendconfigs/my-release-milvus-frontend" \
    "/apis/networking.k8s.io/v1/namespaces/$ns/ingresses/my-release-milvus" > "$paths"
  objects_versions "$paths" "$WORK/twostacks-v0.json" || return 1
  helm_ status my-release -n "$ns" -o json > "$WORK/twostacks-helm-0.json" 2>> "$log"
  # Kept with the logs (E2E_KEEP=1): who wrote the release's storage Secret (managedFields), for the record.
  kube GET "/api/v1/namespaces/$ns/secrets?labelSelector=owner%3Dhelm" > "$WORK/twostacks-release-secrets.json"
  local named=("belongs to the stack organization/milvus-gke-l7/first" "Secret $ns/my-release-milvus-tls"
    "BackendConfig $ns/my-release-milvus-backend" "FrontendConfig $ns/my-release-milvus-frontend"
    "Ingress $ns/my-release-milvus" "the Helm release $ns/my-release")
  # The preview refuses (not only warns), and so does up; nothing changes in the cluster.
  if in_project pulumi preview -s second --non-interactive > "$LOG/twostacks-preview.log" 2>&1; then
    echo "the second stack's preview did not refuse (see $LOG/twostacks-preview.log)"; return 1
  fi
  own one-clear-error "$LOG/twostacks-preview.log" "${named[@]}" || return 1
  if in_project pulumi up -s second --yes --non-interactive > "$LOG/twostacks-up.log" 2>&1; then
    echo "the second stack's up went ahead over the first's release"; return 1
  fi
  own one-clear-error "$LOG/twostacks-up.log" "${named[@]}" || return 1
  # Also with the switches that take over hand-made things: another stack's are never taken.
  (cd "$WORK/project" && pulumi config set -s second adoptExistingObjects true \
    && pulumi config set -s second existingRelease true) >> "$log" 2>&1
  if in_project pulumi up -s second --yes --skip-preview --non-interactive > "$LOG/twostacks-up-adopt.log" 2>&1; then
    echo "the second stack took the first's objects over with adoptExistingObjects"; return 1
  fi
  own one-clear-error "$LOG/twostacks-up-adopt.log" "belongs to the stack organization/milvus-gke-l7/first" \
    "the Helm release $ns/my-release" || return 1
  in_project pulumi stack export -s second > "$WORK/twostacks-state.json" 2>> "$log"
  own no-custom-resources "$WORK/twostacks-state.json" || return 1
  objects_versions "$paths" "$WORK/twostacks-v1.json" || return 1
  own same-versions "$WORK/twostacks-v0.json" "$WORK/twostacks-v1.json" || return 1
  sed -i "/^$ns\$/d" "$GKE_PAUSED"
  helm_ status my-release -n "$ns" -o json > "$WORK/twostacks-helm-1.json" 2>> "$log"
  life helm-status "$WORK/twostacks-helm-1.json" deployed 1 || return 1
  # The first stack is untouched and still its own: a preview changes nothing.
  in_project pulumi preview -s first --expect-no-changes --non-interactive > "$LOG/twostacks-first-preview.log" 2>&1 \
    || { echo "the first stack would change after the second's attempts (see $LOG/twostacks-first-preview.log)"; return 1; }
  in_project pulumi destroy -s first --yes --skip-preview --non-interactive >> "$log" 2>&1 \
    || { echo "destroy of stack first failed (see $log)"; return 1; }
}
