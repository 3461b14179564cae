// The offline plans of the real stacks (Pulumi.dev.yaml, Pulumi.prod.yaml) pass every policy with no finding, under the
// stack's pack config (policy-config.<stack>.json) when there is one; realistic hand-made breakages of those plans are
// caught. The plans come from the project's build: $PLAN_DIR, else ../target/plan. With PLAN_DIR set (`mvn verify`)
// a missing plan fails; without it, and without ../target/plan (a fresh clone), these tests are skipped, saying why.
// Any other plan in that directory (e.g. rest/, written from test/stacks/Pulumi.rest.yaml, with its pack config
// test/stacks/policy-config.rest.json if there is one) is tested the same way; breakages that need a feature the plan
// lacks (a REST Service, a DNS record, an SSL policy of the stack) are skipped for it, saying so.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import type { PolicyResource } from "@pulumi/policy";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import {
    PackConfig, Plan, PlanResource, REQUIRED_STACKS, ROOT_STACK_TYPE, planDir, planFile, planSkipReason, planStacks,
    planToPolicyResources, policySettings, readPackConfig, readPlan, validate, PLACEHOLDER_LABEL, withoutPlaceholderLabels,
} from "./harness";
import { PEM, base64 } from "./fixtures";
import { TYPES } from "../src/milvus";
import { privateKeyIn } from "../src/keys";
import { allPolicies, certValidity, stackConsistency } from "../src/policies";

const skip = planSkipReason();
const STACKS = planStacks();
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
/** Stack files the plan tests want plans of, beside dev and prod (their pack configs sit beside them). */
const TEST_STACKS_DIR = path.join(POLICY_DIR, "test", "stacks");
function packConfig(stack: string): { file?: string; pack: PackConfig } {
    for (const dir of [POLICY_DIR, TEST_STACKS_DIR]) {
        const file = path.join(dir, `policy-config.${stack}.json`);
        if (fs.existsSync(file)) {
            return { file: path.relative(POLICY_DIR, file), pack: readPackConfig(file) };
        }
    }
    return { pack: {} };
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

const has = (type: string, what: string) => (p: Plan) =>
    p.resources.some((r) => r.type === type) ? undefined : `the ${p.stack} plan has no ${what}`;
/** The REST API's Service (restApi: true): the Service with a port named "rest". */
const restService = (p: Plan): PlanResource | undefined =>
    p.resources.find((r) => r.type === TYPES.service && (r.inputs.spec?.ports ?? []).some((x: any) => x?.name === "rest"));
const needsRest = (p: Plan) => restService(p) ? undefined : `the ${p.stack} plan has no REST Service (restApi is off)`;

/** Ways a person could break the Layer-7 setup by hand or through helmValues, each with the policy that must say so. */
const BREAKAGES: { what: string; policy: string; message: RegExp; needs?: (p: Plan) => string | undefined; breakPlan: (p: Plan) => void }[] = [
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
        breakPlan: (p) => { one(p, TYPES.ingress).inputs.spec.rules[0].http.paths.find((x: any) => x.path === "/").pathType = "Exact"; } },
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
    { what: "an SSL policy without minTlsVersion (Google Cloud's default, TLS 1.0)", policy: "ssl-policy-tls-1-2", message: /has no minTlsVersion, so Google Cloud uses TLS_1_0/,
        needs: has(TYPES.sslPolicy, "SSLPolicy (its sslPolicy names one made elsewhere)"),
        breakPlan: (p) => { delete one(p, TYPES.sslPolicy).inputs.minTlsVersion; } },
    { what: "a CUSTOM SSL policy with 3DES", policy: "ssl-policy-tls-1-2", message: /enables TLS_RSA_WITH_3DES_EDE_CBC_SHA/,
        needs: has(TYPES.sslPolicy, "SSLPolicy (its sslPolicy names one made elsewhere)"),
        breakPlan: (p) => { Object.assign(one(p, TYPES.sslPolicy).inputs, { profile: "CUSTOM",
            customFeatures: ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"] }); } },
    { what: "a FrontendConfig without sslPolicy", policy: "ingress-frontend-ssl-policy", message: /sets no spec.sslPolicy/,
        breakPlan: (p) => { delete one(p, TYPES.frontendConfig).inputs.spec.sslPolicy; } },
    { what: "the Ingress without its FrontendConfig", policy: "ingress-frontend-ssl-policy", message: /serves Milvus but names no FrontendConfig/,
        breakPlan: (p) => { delete one(p, TYPES.ingress).inputs.metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"]; } },
    { what: "Milvus's REST server left on its default port (the gRPC port) with TLS on", policy: "milvus-rest-port-not-grpc", message: /shares the gRPC port 19530/,
        breakPlan: (p) => editUserYaml(p, (c) => { c.proxy = { ...(c.proxy ?? {}), http: { enabled: true } }; }) },
    { what: "a DNS record without its trailing dot", policy: "dns-record-matches-ingress-host", message: /has no trailing dot/,
        needs: has(TYPES.recordSet, "DNS record (dnsManagedZone is unset)"),
        breakPlan: (p) => { const r = one(p, TYPES.recordSet); r.inputs.name = r.inputs.name.replace(/\.$/, ""); } },
    { what: "a DNS record for another host", policy: "dns-record-matches-ingress-host", message: /points at Milvus's load balancer, but the Ingress serves Milvus on/,
        needs: has(TYPES.recordSet, "DNS record (dnsManagedZone is unset)"),
        breakPlan: (p) => { const r = one(p, TYPES.recordSet); r.inputs.name = "www." + r.inputs.name; } },
    { what: "the REST Service as NodePort", policy: "ingress-backend-services", message: /Service [\w-]+-rest is type NodePort/, needs: needsRest,
        breakPlan: (p) => { restService(p)!.inputs.spec.type = "NodePort"; } },
    { what: "the REST Service spoken to over HTTP2", policy: "ingress-backend-services", message: /maps port "rest" to "HTTP2", but it targets Milvus's REST port 8080/, needs: needsRest,
        breakPlan: (p) => { restService(p)!.inputs.metadata.annotations["cloud.google.com/app-protocols"] = "{\"rest\":\"HTTP2\"}"; } },
    { what: "the REST Service without its BackendConfig", policy: "ingress-backend-services", message: /no BackendConfig applies to Service [\w-]+-rest/, needs: needsRest,
        breakPlan: (p) => { delete restService(p)!.inputs.metadata.annotations["cloud.google.com/backend-config"]; } },
    { what: "the REST BackendConfig health-checking the REST port", policy: "backendconfig-milvus-health-check", message: /BackendConfig [\w-]+-rest-backend health check .*port 9091 at \/healthz/,
        needs: needsRest,
        breakPlan: (p) => {
            const name = JSON.parse(restService(p)!.inputs.metadata.annotations["cloud.google.com/backend-config"]).default;
            const bc = p.resources.find((r) => r.type === TYPES.backendConfig && r.inputs.metadata?.name === name)!;
            Object.assign(bc.inputs.spec.healthCheck, { type: "HTTPS", port: 8080, requestPath: "/v2/vectordb/collections/list" });
        } },
    { what: "the REST Service selecting every Milvus pod", policy: "ingress-backend-services", message: /selects every pod of Milvus release/, needs: needsRest,
        breakPlan: (p) => { delete restService(p)!.inputs.spec.selector.component; } },
    { what: "REST turned off in Milvus while the Ingress routes /v2/vectordb", policy: "ingress-backend-services", message: /its REST server is off/, needs: needsRest,
        breakPlan: (p) => editUserYaml(p, (c) => { c.proxy.http.enabled = false; }) },
    { what: "a gRPC service's prefix sent to the REST Service", policy: "ingress-routes-all-grpc", message: /that path matches gRPC method paths/, needs: needsRest,
        breakPlan: (p) => {
            const paths = one(p, TYPES.ingress).inputs.spec.rules[0].http.paths;
            const rest = paths.find((x: any) => x.path === "/v2/vectordb");
            paths.push({ ...rest, path: "/milvus.proto.milvus.MilvusService" });
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
        if (address !== undefined || (REQUIRED_STACKS as readonly string[]).includes(stack)) {
            assert.equal(address?.opts.protect, true, "protect becomes opts.protect");
        } else {
            const ipName = ingress.props.metadata?.annotations?.["kubernetes.io/ingress.global-static-ip-name"];
            assert.ok(policySettings(pack, stackConsistency).properties.externalStaticIpNames?.includes(ipName),
                `${stack}: no GlobalAddress, and ${ipName} is not in its pack config's externalStaticIpNames`);
        }
        const secret = rs.find((r) => r.type === TYPES.secret && r.props.type === "kubernetes.io/tls");
        assert.ok(secret?.dependencies.some((d) => d.type === TYPES.selfSignedCert), "the TLS Secret is linked to its certificate");
    });

    for (const policy of allPolicies) {
        const settings = policySettings(pack, policy);
        test(`${stack} plan: ${policy.name} reports nothing${configFile ? ` (${configFile}: ${settings.level})` : ""}`, { skip }, async () => {
            const rs = resources(stack);
            const type = (policy as { type?: string }).type;
            // dev and prod have every type the program always makes; another plan may lack one (e.g. an SSL policy made elsewhere).
            if (type !== undefined && (REQUIRED_STACKS as readonly string[]).includes(stack)) {
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
        const hasAddress = changed.resources.some((r) => r.type === TYPES.globalAddress);
        for (const r of changed.resources) {
            if (r.type === TYPES.globalAddress) {
                r.protect = false;
            }
            if (r.type === TYPES.selfSignedCert) {
                r.inputs.validityPeriodHours = 87600;
            }
        }
        const rs: PolicyResource[] = planToPolicyResources(changed);
        const stackFindings = await validate(stackConsistency, rs, policySettings(pack, stackConsistency).properties);
        if (hasAddress || (REQUIRED_STACKS as readonly string[]).includes(stack)) {
            assert.equal(stackFindings.length, 1, JSON.stringify(stackFindings));
            assert.match(stackFindings[0].message, /GlobalAddress "[\w-]+" is not protected/);
            assert.equal(stackFindings[0].urn, rs.find((r) => r.type === TYPES.globalAddress)?.urn);
        } else {
            assert.deepEqual(stackFindings, [], "the static IP is reserved elsewhere (externalStaticIpNames)");
        }
        const certFindings = await validate(certValidity, rs);
        assert.equal(certFindings.length, 1);
        assert.match(certFindings[0].message, /more than 397 days/);
    });

    for (const breakage of BREAKAGES) {
        test(`${stack} plan broken by hand: ${breakage.what} is caught by ${breakage.policy}`, { skip }, async (t) => {
            const changed = clone(plan(stack));
            const missing = breakage.needs?.(changed);
            if (missing !== undefined) {
                t.skip(missing);
                return;
            }
            breakage.breakPlan(changed);
            const policy = allPolicies.find((x) => x.name === breakage.policy);
            assert.ok(policy, breakage.policy);
            const findings = await validate(policy, planToPolicyResources(changed), policySettings(pack, policy).properties);
            assert.ok(findings.length > 0, `${breakage.policy} missed ${breakage.what}`);
            assert.match(messages(findings), breakage.message);
        });
    }
}

test("a placeholder's label is read as the stand-in the program was given; other values are left as they are", () => {
    const written = { outputs: { staticIpAddress: "203.0.113.10 [placeholder]", domain: "milvus.example.com",
        certificatePem: "-----BEGIN CERTIFICATE-----\n[placeholder] the tls provider generates this certificate on pulumi up\n-----END CERTIFICATE-----\n" },
        rrdatas: ["203.0.113.10 [placeholder]"], port: 443 };
    assert.deepEqual(withoutPlaceholderLabels(written), { outputs: { staticIpAddress: "203.0.113.10", domain: "milvus.example.com",
        certificatePem: written.outputs.certificatePem }, rrdatas: ["203.0.113.10"], port: 443 });
});

for (const stack of STACKS) {
    test(`${stack} plan: the addresses only a cloud knows are labelled in the file, and read as their stand-ins`, { skip }, () => {
        const raw = JSON.parse(fs.readFileSync(planFile(stack), "utf8")) as Plan;
        for (const name of ["staticIpAddress", "ingressAddress"]) {
            assert.match(String(raw.outputs[name]), / \[placeholder\]$/, `${stack}: ${name} is not labelled in ${planFile(stack)}`);
            assert.equal(plan(stack).outputs[name], String(raw.outputs[name]).replace(PLACEHOLDER_LABEL, ""));
        }
    });
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
        "self-signed-cert-names", "self-signed-cert-min-validity", "private-key-not-a-stack-output", "private-key-only-in-secrets",
        "ssl-policy-tls-1-2", "ingress-frontend-ssl-policy", "milvus-rest-port-not-grpc", "dns-record-matches-ingress-host",
        "ingress-backend-services"]) {
        assert.ok(covered.has(name), name);
        assert.ok(allPolicies.some((p) => p.name === name), name);
    }
});

// test/stacks holds stack files whose plans the build should write beside dev and prod (target/plan/<stack>), so the
// REST API, the DNS record and external names are checked on real plans. A missing one is skipped, saying how to add it.
const stackFiles = fs.existsSync(TEST_STACKS_DIR) ? fs.readdirSync(TEST_STACKS_DIR).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f)).sort() : [];
for (const file of stackFiles) {
    const stack = file.replace(/^Pulumi\.|\.yaml$/g, "");
    test(`test/stacks/${file}: its plan is among the tested plans`, { skip }, (t) => {
        if (!STACKS.includes(stack)) {
            t.skip(`no ${path.join(planDir(), stack, "plan.json")}: add a plan execution to pom.xml (plan --config ` +
                `policy/test/stacks/${file} --out \${project.build.directory}/plan/${stack}), or write it by hand`);
            return;
        }
        assert.equal(plan(stack).stack, stack);
    });
}

test("plan directories: dev and prod always, then every other plan in name order", () => {
    const dirs: Record<string, string[]> = { "/p": ["rest", "prod", "dev", "notes", "a-plan"] };
    const exists = (p: string) => p === "/p" || /\/p\/(rest|dev|prod|a-plan)(\/plan\.json)?$/.test(p);
    assert.deepEqual(planStacks("/p", exists, (d) => dirs[d]), ["dev", "prod", "a-plan", "rest"]);
    assert.deepEqual(planStacks("/missing", () => false, () => []), ["dev", "prod"]);
});
