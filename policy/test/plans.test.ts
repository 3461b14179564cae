// The offline plans of the real stacks (Pulumi.dev.yaml, Pulumi.prod.yaml) pass every policy with no finding, under the
// stack's pack config (policy-config.<stack>.json) when there is one; realistic hand-made breakages of those plans are
// caught. The plans come from the project's build: $PLAN_DIR, else ../target/plan. With PLAN_DIR set (`mvn verify`)
// a missing plan fails; without it, and without ../target/plan (a fresh clone), these tests are skipped, saying why.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import type { PolicyResource } from "@pulumi/policy";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import {
    PackConfig, Plan, PlanResource, ROOT_STACK_TYPE, planFile, planSkipReason, planToPolicyResources, policySettings,
    readPackConfig, readPlan, validate,
} from "./harness";
import { PEM, base64 } from "./fixtures";
import { TYPES } from "../src/milvus";
import { privateKeyIn } from "../src/keys";
import { allPolicies, certValidity, stackConsistency } from "../src/policies";

const STACKS = ["dev", "prod"];
const skip = planSkipReason();
if (skip !== undefined) {
    // Printed in the TAP output as well as on every skipped test.
    console.log(`plan tests skipped: ${skip} (with PLAN_DIR set, as \`mvn -B verify\` sets it, a missing plan fails instead)`);
}

const plans = new Map<string, Plan>();
function plan(stack: string): Plan {
    if (!plans.has(stack)) {
        plans.set(stack, readPlan(stack)); // throws "… is missing: build the plans first …"
    }
    return plans.get(stack)!;
}
const resources = (stack: string) => planToPolicyResources(plan(stack));
const clone = (p: Plan): Plan => JSON.parse(JSON.stringify(p));
const messages = (v: { message: string }[]) => v.map((x) => x.message).join("\n");

const POLICY_DIR = path.resolve(__dirname, "..", "..");
function packConfig(stack: string): { file?: string; pack: PackConfig } {
    const file = path.join(POLICY_DIR, `policy-config.${stack}.json`);
    return fs.existsSync(file) ? { file: path.basename(file), pack: readPackConfig(file) } : { pack: {} };
}

const one = (p: Plan, type: string): PlanResource => {
    const found = p.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `${p.stack}: expected one ${type}`);
    return found[0];
};
/** Edits the release's user.yaml as YAML, so the edit does not depend on how the program formats it. */
function editUserYaml(p: Plan, edit: (config: Record<string, any>) => void) {
    const values = one(p, TYPES.release).inputs.values;
    const config = parseYaml(values.extraConfigFiles["user.yaml"]) ?? {};
    edit(config);
    values.extraConfigFiles["user.yaml"] = stringifyYaml(config);
}
function clientVolumes(p: Plan): any[] {
    const values = one(p, TYPES.release).inputs.values;
    return values.cluster?.enabled === false ? values.volumes : values.proxy.volumes;
}

/** Ways a person could break the Layer-7 setup by hand or through helmValues, each with the policy that must say so. */
const BREAKAGES: { what: string; policy: string; message: RegExp; breakPlan: (p: Plan) => void }[] = [
    { what: "tlsMode 2 (mutual TLS)", policy: "milvus-tls-enabled", message: /mutual/,
        breakPlan: (p) => editUserYaml(p, (c) => { c.common.security.tlsMode = 2; }) },
    { what: "tlsMode switched off through proxy.extraEnv", policy: "milvus-tls-enabled", message: /TLS is off.*extraEnv/,
        breakPlan: (p) => {
            const values = one(p, TYPES.release).inputs.values;
            const component = values.cluster?.enabled === false ? "standalone" : "proxy";
            values[component] = { ...values[component], extraEnv: [{ name: "COMMON_SECURITY_TLSMODE", value: "0" }] };
        } },
    { what: "a typo in tls.serverKeyPath", policy: "milvus-tls-files-resolve", message: /has no file tls.kye/,
        breakPlan: (p) => editUserYaml(p, (c) => { c.tls.serverKeyPath = c.tls.serverKeyPath.replace(/tls\.key$/, "tls.kye"); }) },
    { what: "an items projection without tls.key", policy: "milvus-tls-files-resolve", message: /its items projection/,
        breakPlan: (p) => { clientVolumes(p)[0].secret.items = [{ key: "tls.crt", path: "tls.crt" }]; } },
    { what: "a per-port backend-config keyed to a port the Service lacks", policy: "milvus-backend-config-ports", message: /keyed to port "grpc"/,
        breakPlan: (p) => {
            const annotations = one(p, TYPES.release).inputs.values.service.annotations;
            const name = JSON.parse(annotations["cloud.google.com/backend-config"]).default;
            annotations["cloud.google.com/backend-config"] = JSON.stringify({ ports: { grpc: name } });
        } },
    { what: "an Exact \"/\" Ingress path", policy: "ingress-routes-all-grpc", message: /sends only "\/" \(Exact\)/,
        breakPlan: (p) => { one(p, TYPES.ingress).inputs.spec.rules[0].http.paths[0].pathType = "Exact"; } },
    { what: "a certificate for another name", policy: "self-signed-cert-names", message: /does not cover/,
        breakPlan: (p) => { one(p, TYPES.selfSignedCert).inputs.dnsNames = ["localhost"]; } },
    { what: "a four-hour certificate", policy: "self-signed-cert-min-validity", message: /valid for only 4 hours/,
        breakPlan: (p) => { Object.assign(one(p, TYPES.selfSignedCert).inputs, { validityPeriodHours: 4, earlyRenewalHours: 1 }); } },
    { what: "the private key as a stack output", policy: "private-key-not-a-stack-output", message: /Stack output privateKeyPem/,
        breakPlan: (p) => { p.outputs.privateKeyPem = PEM.rsa; } },
    { what: "the key in the chart's proxy.tls values", policy: "private-key-only-in-secrets", message: /values.proxy.tls.key/,
        breakPlan: (p) => {
            const values = one(p, TYPES.release).inputs.values;
            values.proxy = { ...values.proxy, tls: { enabled: true, secretName: "milvus-tls", key: base64(PEM.pkcs8) } };
        } },
];

for (const stack of STACKS) {
    const { file: configFile, pack } = packConfig(stack);

    test(`${stack} plan: ${planFile(stack)} is read and adapted to CrossGuard resources`, { skip }, () => {
        const p = plan(stack);
        assert.equal(p.stack, stack);
        const rs = resources(stack);
        assert.equal(rs.length, p.resources.length + 1, "the plan's resources and the root stack");
        const root = rs.find((r) => r.type === ROOT_STACK_TYPE);
        assert.deepEqual(root?.props, p.outputs, "the root stack's properties are the outputs");
        const ingress = rs.find((r) => r.type === TYPES.ingress);
        assert.ok(ingress, `${stack}: the plan has no Ingress`);
        assert.match(ingress.urn, new RegExp(`^urn:pulumi:${stack}::${p.project}::[^:]+:[^:]+:[^$]+\\$.*\\$kubernetes:networking\\.k8s\\.io/v1:Ingress::`));
        assert.equal(ingress.opts.parent, ingress.parent?.urn, "opts.parent is the parent's URN");
        assert.ok(ingress.dependencies.length > 0, "dependsOn becomes dependencies");
        assert.equal(ingress.provider?.type, "pulumi:providers:kubernetes");
        const address = rs.find((r) => r.type === TYPES.globalAddress);
        assert.equal(address?.opts.protect, true, "protect becomes opts.protect");
        const secret = rs.find((r) => r.type === TYPES.secret);
        assert.ok(secret?.dependencies.some((d) => d.type === TYPES.selfSignedCert), "the TLS Secret is linked to its certificate");
    });

    for (const policy of allPolicies) {
        const settings = policySettings(pack, policy);
        test(`${stack} plan: ${policy.name} reports nothing${configFile ? ` (${configFile}: ${settings.level})` : ""}`, { skip }, async () => {
            const rs = resources(stack);
            const type = (policy as { type?: string }).type;
            if (type !== undefined) {
                assert.ok(rs.some((r) => r.type === type), `${stack}: no ${type} in the plan, so ${policy.name} checked nothing`);
            }
            assert.deepEqual(await validate(policy, rs, settings.properties), []);
        });
    }

    test(`${stack} plan: the private key is a secret wherever it goes, and nowhere in clear`, { skip }, () => {
        const p = plan(stack);
        const text = JSON.stringify(p);
        assert.equal(privateKeyIn(text), undefined, "no private key in the plan");
        // The offline plan replaces every secret with "[secret]"; the mocks' stand-in for the generated key shows up
        // only if a property carrying it is not a secret.
        assert.ok(!text.includes("generates the private key"), "the key's placeholder is in clear in the plan");
        const certs = p.resources.filter((r) => r.type === TYPES.selfSignedCert);
        assert.ok(certs.length > 0);
        for (const r of certs) {
            assert.ok(r.secretPaths.includes("privateKeyPem"), `${r.name}: privateKeyPem is not a secret`);
        }
        for (const r of p.resources.filter((s) => s.type === TYPES.secret && s.inputs.type === "kubernetes.io/tls")) {
            for (const field of ["data", "stringData"].filter((f) => r.inputs[f] !== undefined)) {
                assert.ok(r.secretPaths.some((s) => s === field || s.startsWith(field + ".")), `${r.name}: ${field} is not a secret`);
            }
        }
    });

    test(`${stack} plan: the policies see what the plan says (an unprotected IP and a 10-year certificate are caught)`, { skip }, async () => {
        const changed = clone(plan(stack));
        for (const r of changed.resources) {
            if (r.type === TYPES.globalAddress) {
                r.protect = false;
            }
            if (r.type === TYPES.selfSignedCert) {
                r.inputs.validityPeriodHours = 87600;
            }
        }
        const rs: PolicyResource[] = planToPolicyResources(changed);
        const stackFindings = await validate(stackConsistency, rs);
        assert.equal(stackFindings.length, 1, JSON.stringify(stackFindings));
        assert.match(stackFindings[0].message, /GlobalAddress "milvus-\w+-ip" is not protected/);
        assert.equal(stackFindings[0].urn, rs.find((r) => r.type === TYPES.globalAddress)?.urn);
        const certFindings = await validate(certValidity, rs);
        assert.equal(certFindings.length, 1);
        assert.match(certFindings[0].message, /more than 397 days/);
    });

    for (const breakage of BREAKAGES) {
        test(`${stack} plan broken by hand: ${breakage.what} is caught by ${breakage.policy}`, { skip }, async () => {
            const changed = clone(plan(stack));
            breakage.breakPlan(changed);
            const policy = allPolicies.find((x) => x.name === breakage.policy);
            assert.ok(policy, breakage.policy);
            const findings = await validate(policy, planToPolicyResources(changed), policySettings(pack, policy).properties);
            assert.ok(findings.length > 0, `${breakage.policy} missed ${breakage.what}`);
            assert.match(messages(findings), breakage.message);
        });
    }
}

test("a missing plan fails with how to build it", () => {
    const saved = process.env.PLAN_DIR;
    process.env.PLAN_DIR = "/nonexistent/plan-dir";
    try {
        assert.throws(() => readPlan("dev"), /\/nonexistent\/plan-dir\/dev\/plan\.json is missing: build the plans first \(run `mvn -B package`/);
    } finally {
        if (saved === undefined) {
            delete process.env.PLAN_DIR;
        } else {
            process.env.PLAN_DIR = saved;
        }
    }
});

test("plan tests are skipped only without PLAN_DIR and without ../target/plan; with PLAN_DIR they run (and fail if it is missing)", () => {
    assert.equal(planSkipReason({ PLAN_DIR: "/nonexistent/plan-dir" }, () => false), undefined, "PLAN_DIR set: run, so a missing plan fails");
    assert.equal(planSkipReason({}, () => true), undefined, "../target/plan exists: run");
    assert.match(planSkipReason({}, () => false) ?? "", /no offline plans at .*target\/plan: build them with `mvn -B package -DskipTests`/);
    assert.match(planSkipReason({ PLAN_DIR: "" }, () => false) ?? "", /no offline plans/, "an empty PLAN_DIR is unset");
});

test("plan breakages cover every policy that guards a class of the Layer-7 setup", () => {
    const covered = new Set(BREAKAGES.map((b) => b.policy));
    for (const name of ["milvus-tls-enabled", "milvus-tls-files-resolve", "milvus-backend-config-ports", "ingress-routes-all-grpc",
        "self-signed-cert-names", "self-signed-cert-min-validity", "private-key-not-a-stack-output", "private-key-only-in-secrets"]) {
        assert.ok(covered.has(name), name);
        assert.ok(allPolicies.some((p) => p.name === name), name);
    }
});
