# Issue 25, secure by default (docs/security.md): what the real engine and the real policy analyzer say about a
# stack whose Milvus authentication is turned off while nothing restricts the endpoint. (The default's read-back, auth
# on and the password nowhere in clear, is part of up-defaults-waits; the allow-list's Cloud Armor policy needs the
# gcp provider, which cannot run here: unit tests and the offline plan cover it.)
ALL_SCENARIOS+=(auth-off-warns-and-policy-fails)

# A preview of a stack with milvusAuthentication false: the program's warning names the key on the preview, `plan`
# prints it and writes it to plan.json, and the pack's mandatory milvus-public-endpoint-secured fails the preview.
scenario_auth_off_warns_and_policy_fails() {
  local out=$LOG/auth-off-preview.log
  stack_init authoff "$ROOT/Pulumi.dev.yaml" || { echo "stack authoff could not be initialised (see $LOG/stack-init.log)"; return 1; }
  (cd "$WORK/project" && {
    pulumi config set -s authoff releaseName authoff
    pulumi config set -s authoff waitForMilvus false
    pulumi config set -s authoff milvusAuthentication false
  }) >> "$LOG/stack-init.log" 2>&1 || { echo "config set failed (see $LOG/stack-init.log)"; return 1; }
  if in_project pulumi preview -s authoff --policy-pack "$ROOT/policy" --policy-pack-config "$WORK/policy-config.authoff.json" \
    --non-interactive > "$out" 2>&1; then
    echo "the preview passed the policy pack with authentication off and no allow-list (see $out)"; return 1
  fi
  grep -q "mandatory: \[milvus-public-endpoint-secured\]\|milvus-public-endpoint-secured" "$out" \
    || { echo "the preview failed, but not for milvus-public-endpoint-secured (see $out)"; return 1; }
  grep -q "puts Milvus (release default/authoff) on a public address with authentication off" "$out" \
    || { echo "the policy's message does not name the release (see $out)"; return 1; }
  grep -q "is public and Milvus authentication is off (milvusAuthentication = false)" "$out" \
    || { echo "the preview shows no warning naming milvusAuthentication (see $out)"; return 1; }
  (cd "$WORK/project" && "$REAL_JAVA" -jar target/milvus-gke-l7.jar plan --stack authoff --out "$WORK/plan-authoff") \
    > "$LOG/plan-authoff.log" 2>&1 || { echo "plan of stack authoff failed (see $LOG/plan-authoff.log)"; return 1; }
  grep -q "^warning: the endpoint https://milvus-dev.example.com is public and Milvus authentication is off" "$LOG/plan-authoff.log" \
    || { echo "plan printed no warning (see $LOG/plan-authoff.log)"; return 1; }
  python3 - "$WORK/plan-authoff/plan.json" <<'PY' || return 1
import json, sys
plan = json.load(open(sys.argv[1]))
warnings = plan.get("warnings", [])
if not any("milvusAuthentication" in w for w in warnings):
    print(f"plan.json has no warning naming milvusAuthentication: {warnings}")
    sys.exit(1)
PY
  in_project pulumi stack rm authoff --yes --force > /dev/null 2>&1
  return 0
}
