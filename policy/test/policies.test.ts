// Every policy has a passing and a failing fixture for each class of mistake it closes, run through the same
// functions the pack uses (and awaited, as the analyzer awaits them). The last test checks that every policy of the
// pack was seen both passing and failing here.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { outcomes, policySettings, readPackConfig, resource, validate, validateResource, validateStack } from "./harness";
import {
    DOMAIN, PEM, REST_BACKEND, REST_USER_YAML, SSL_POLICY_NAME, USER_YAML, backendConfigProps, base64, certProps, dnsStack,
    frontendConfigProps, goodStack, ingressProps, outputsProps, releaseProps, restStack, sslPolicyProps, stackResource,
    standaloneReleaseProps,
} from "./fixtures";
import { TYPES, chartFullname, mayMatchGrpc, milvusKey, nameCovers } from "../src/milvus";
import { privateKeyIn } from "../src/keys";
import { adoptedEndpointSecured } from "../src/security";
import "./security.test"; // the security policies' fixtures (src/security.ts), counted by the last test here
import {
    allPolicies, backendConfigPorts, backendHealthCheck, backendServices, certMinValidity, certValidity, certificateNamesPolicy,
    dnsRecords, frontendSslPolicy, grpcRouting, ingressHttpsOnly, keyStrength, milvusTls, milvusTlsFiles, privateKeyPlacement,
    resourcePolicies, restPort, serviceAnnotations, serviceClusterIp, sslPolicyTls, stackConsistency, stackOutputsPolicy,
    stackPolicies,
} from "../src/policies";

const release = (props: Record<string, any>) => resource(TYPES.release, "release", props);
const ingress = (props: Record<string, any>) => resource(TYPES.ingress, "ingress", props);
const cert = (props: Record<string, any>) => resource(TYPES.selfSignedCert, "cert", props);
const messages = (v: { message: string }[]) => v.map((x) => x.message).join("\n");
/** Release props with user.yaml replaced. */
const withUserYaml = (text: string, base = releaseProps()) => {
    base.values.extraConfigFiles["user.yaml"] = text;
    return base;
};
const tlsPaths = (pem: string, key: string) =>
    USER_YAML.replace("serverPemPath: /etc/milvus/certs/tls.crt", `serverPemPath: ${pem}`).replace("serverKeyPath: /etc/milvus/certs/tls.key", `serverKeyPath: ${key}`);

async function passes(policy: ResourceValidationPolicy, r: PolicyResource, label: string, config: Record<string, any> = {}) {
    assert.deepEqual(await validateResource(policy, r, config), [], `${policy.name} should pass: ${label}`);
}
async function fails(policy: ResourceValidationPolicy, r: PolicyResource, pattern: RegExp, label: string, config: Record<string, any> = {}) {
    const v = await validateResource(policy, r, config);
    assert.ok(v.length > 0, `${policy.name} should fail: ${label}`);
    assert.match(messages(v), pattern, label);
}
async function stackPasses(policy: StackValidationPolicy, resources: PolicyResource[], label: string, config: Record<string, any> = {}) {
    assert.deepEqual(await validateStack(policy, resources, config), [], `${policy.name} should pass: ${label}`);
}
async function stackFails(policy: StackValidationPolicy, resources: PolicyResource[], pattern: RegExp, label: string, config: Record<string, any> = {}) {
    const v = await validateStack(policy, resources, config);
    assert.ok(v.length > 0, `${policy.name} should fail: ${label}`);
    assert.match(messages(v), pattern, label);
}

// ---- the pack and the harness --------------------------------------------------------------------------------

test("policies load without the pack's entry point (which would start the analyzer server)", () => {
    const entryPoint = require.resolve("../index");
    assert.ok(Object.keys(require.cache).some((file) => file.endsWith("policies.js")), "the policies are loaded");
    assert.ok(!(entryPoint in require.cache), `${entryPoint} was loaded`);
});

test("every policy is named, described and has an enforcement level; only the maximum certificate lifetime and an adopted release kept without authentication are advisory", () => {
    assert.equal(allPolicies.length, 22);
    assert.equal(new Set(allPolicies.map((p) => p.name)).size, allPolicies.length, "names are unique");
    for (const policy of allPolicies) {
        assert.ok(policy.name && policy.description && policy.enforcementLevel, policy.name);
        assert.equal(policy.enforcementLevel, policy === certValidity || policy === adoptedEndpointSecured ? "advisory" : "mandatory", policy.name);
    }
});

test("harness: a policy that reports after an await is seen; one that rejects fails the run", async () => {
    const lateResource: ResourceValidationPolicy = {
        name: "late", description: "reports after awaiting", enforcementLevel: "mandatory",
        validateResource: async (_args, report) => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            report("late violation");
        },
    };
    assert.deepEqual((await validateResource(lateResource, release(releaseProps()))).map((v) => v.message), ["late violation"]);
    const lateStack: StackValidationPolicy = {
        name: "late-stack", description: "reports after awaiting", enforcementLevel: "mandatory",
        validateStack: async (_args, report) => {
            await Promise.resolve();
            report("late stack violation", "urn:x");
        },
    };
    assert.deepEqual(await validateStack(lateStack, goodStack()), [{ policy: "late-stack", message: "late stack violation", urn: "urn:x" }]);
    const broken: ResourceValidationPolicy = {
        name: "broken", description: "rejects", enforcementLevel: "mandatory",
        validateResource: async () => {
            throw new Error("boom");
        },
    };
    await assert.rejects(validateResource(broken, release(releaseProps())), /boom/);
});

test("the pack's policies are awaited: each validation returns a promise the analyzer resolves", async () => {
    const r = release(releaseProps());
    for (const policy of resourcePolicies) {
        const validation = policy.validateResource as (...a: any[]) => unknown;
        const returned = validation({ type: r.type, props: r.props, urn: r.urn, name: r.name, opts: r.opts, getConfig: () => ({}) }, () => undefined);
        assert.ok(returned instanceof Promise, `${policy.name} returns a promise`);
        await returned;
    }
    for (const policy of stackPolicies) {
        const returned = policy.validateStack({ resources: goodStack(), getConfig: () => ({}) } as any, () => undefined);
        assert.ok(returned instanceof Promise, `${policy.name} returns a promise`);
        await returned;
    }
});

// ---- milvus-service-clusterip --------------------------------------------------------------------------------

test("service type: ClusterIP (or empty) passes; LoadBalancer and NodePort fail with the fix", async () => {
    await passes(serviceClusterIp, release(releaseProps()), "ClusterIP");
    const empty = releaseProps();
    empty.values.service.type = "";
    await passes(serviceClusterIp, release(empty), "empty is the chart's ClusterIP");
    const props = releaseProps();
    props.values.service.type = "LoadBalancer";
    await fails(serviceClusterIp, release(props), /Service type is LoadBalancer.*Set the chart value service.type to ClusterIP/, "LoadBalancer");
    await passes(serviceClusterIp, release({ ...props, chart: "redis" }), "other charts are not Milvus");
    const nodePort = releaseProps();
    nodePort.values.service.type = "NodePort";
    await fails(serviceClusterIp, release(nodePort), /Service type is NodePort/, "NodePort");
});

// ---- milvus-tls-enabled: tlsMode exactly 1 where Milvus reads it ---------------------------------------------

test("TLS mode: 1 passes in every spelling Milvus accepts (nested, dotted, upper case, underscores, a string)", async () => {
    await passes(milvusTls, release(releaseProps()), "the program's user.yaml");
    await passes(milvusTls, release(standaloneReleaseProps()), "standalone");
    for (const spelling of ["common.security.tlsMode: 1", "common:\n  security.tlsMode: 1", "COMMON:\n  SECURITY:\n    TLS_MODE: 1",
        "common:\n  security:\n    tlsMode: \"1\""]) {
        await passes(milvusTls, release(withUserYaml(spelling + "\n" + tlsPaths("/etc/milvus/certs/tls.crt", "/etc/milvus/certs/tls.key").split("\n").slice(4).join("\n"))), spelling);
    }
    assert.equal(milvusKey("common.security.tlsMode"), milvusKey("COMMON_SECURITY_TLSMODE"));
});

test("TLS mode: 2 (mutual TLS, which the load balancer cannot do) fails, from user.yaml or from an environment override", async () => {
    await fails(milvusTls, release(withUserYaml(USER_YAML.replace("tlsMode: 1", "tlsMode: 2"))),
        /Milvus TLS is mutual \(common.security.tlsMode = "2", extraConfigFiles\["user.yaml"\] common.security.tlsMode\).*presents none.*Set common.security.tlsMode: 1/,
        "tlsMode 2 in user.yaml");
    const env = releaseProps();
    env.values.proxy.extraEnv = [{ name: "COMMON_SECURITY_TLSMODE", value: "2" }];
    await fails(milvusTls, release(env), /mutual.*proxy.extraEnv COMMON_SECURITY_TLSMODE/, "the environment beats user.yaml");
    const prefixed = releaseProps();
    prefixed.values.proxy.extraEnv = [{ name: "MILVUS_CONF_COMMON_SECURITY_TLSMODE", value: "2" }];
    await fails(milvusTls, release(prefixed), /mutual/, "MILVUS_CONF_ prefix");
    const standalone = standaloneReleaseProps();
    standalone.values.standalone = { extraEnv: [{ name: "COMMON_SECURITY_TLSMODE", value: "2" }] };
    await fails(milvusTls, release(standalone), /mutual.*standalone.extraEnv/, "standalone.extraEnv reaches the standalone pod");
    const proxyEnvInStandalone = standaloneReleaseProps();
    proxyEnvInStandalone.values.proxy = { extraEnv: [{ name: "COMMON_SECURITY_TLSMODE", value: "2" }] };
    await passes(milvusTls, release(proxyEnvInStandalone), "proxy.extraEnv does not reach the standalone pod");
    await fails(milvusTls, release(withUserYaml(USER_YAML.replace("tlsMode: 1", "tlsMode: 3"))), /tlsMode is not 1/, "tlsMode 3");
});

test("TLS mode: off, unset, set where Milvus does not read it, unverifiable or ambiguous fails", async () => {
    await fails(milvusTls, release(withUserYaml("common:\n  security:\n    tlsMode: 0\n")), /Milvus TLS is off \(common.security.tlsMode = "0"/, "tlsMode 0");
    await fails(milvusTls, release(withUserYaml("tls:\n  serverPemPath: /etc/milvus/certs/tls.crt\n")), /TLS is off .*unset, so milvus.yaml's default/, "unset");
    const topLevel = withUserYaml("");
    topLevel.values.common = { security: { tlsMode: 1 } };
    topLevel.values.tls = { serverPemPath: "/etc/milvus/certs/tls.crt" };
    await fails(milvusTls, release(topLevel), /TLS is off.*does not read top-level Helm value `tls`, top-level Helm value `common.security`/, "top-level values are not Milvus config");
    const otherFile = withUserYaml("");
    otherFile.values.extraConfigFiles["milvus.yaml"] = "common:\n  security:\n    tlsMode: 1\n";
    await fails(milvusTls, release(otherFile), /extraConfigFiles\["milvus.yaml"\] \(the chart mounts only user.yaml\)/, "another extraConfigFiles key");
    const fromSecret = releaseProps();
    fromSecret.values.proxy.extraEnv = [{ name: "COMMON_SECURITY_TLSMODE", valueFrom: { configMapKeyRef: { name: "x", key: "mode" } } }];
    await fails(milvusTls, release(fromSecret), /valueFrom.*cannot show: set it to 1/, "valueFrom");
    await fails(milvusTls, release(withUserYaml(USER_YAML + "common.security.tlsMode: 2\n")), /which Milvus reads as one key.*set it once/, "two spellings");
    const custom = releaseProps();
    custom.values.customConfigMap = "my-config";
    await fails(milvusTls, release(custom), /customConfigMap is "my-config".*ignores extraConfigFiles/, "customConfigMap");
    await fails(milvusTls, release(withUserYaml("common: [unclosed\n")), /not valid YAML/, "invalid YAML");
});

// ---- milvus-tls-files-resolve: the files exist in the serving pods -------------------------------------------

test("TLS files: a Secret mounted at the directory, subPath mounts, items renaming both keys, projected volumes and relative paths pass", async () => {
    await passes(milvusTlsFiles, release(releaseProps()), "directory mount");
    await passes(milvusTlsFiles, release(standaloneReleaseProps()), "standalone, global volumes");
    const subPath = releaseProps();
    subPath.values.proxy.volumeMounts = [
        { name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/tls.crt", subPath: "tls.crt" },
        { name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/tls.key", subPath: "tls.key" },
    ];
    await passes(milvusTlsFiles, release(subPath), "subPath mounts");
    const renamed = withUserYaml(tlsPaths("/certs/server.pem", "/certs/private/server.key"));
    renamed.values.proxy.volumes[0].secret.items = [{ key: "tls.crt", path: "server.pem" }, { key: "tls.key", path: "private/server.key" }];
    renamed.values.proxy.volumeMounts[0].mountPath = "/certs";
    await passes(milvusTlsFiles, release(renamed), "items projection with other file names");
    const projected = releaseProps();
    projected.values.proxy.volumes = [{ name: "milvus-l7-tls", projected: { sources: [
        { configMap: { name: "ca", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { secret: { name: "my-release-milvus-tls" } }] } }];
    await passes(milvusTlsFiles, release(projected), "projected volume with a Secret source");
    const relative = withUserYaml(tlsPaths("certs/tls.crt", "./certs/tls.key"));
    relative.values.proxy.volumeMounts[0].mountPath = "/milvus/certs";
    await passes(milvusTlsFiles, release(relative), "paths relative to /milvus");
    const global = releaseProps();
    global.values.volumes = global.values.proxy.volumes;
    global.values.volumeMounts = global.values.proxy.volumeMounts;
    delete global.values.proxy.volumes;
    delete global.values.proxy.volumeMounts;
    await passes(milvusTlsFiles, release(global), "global volumes reach the proxy too");
    const viaEnv = withUserYaml("common:\n  security:\n    tlsMode: 1\n");
    viaEnv.values.proxy.extraEnv = [{ name: "TLS_SERVERPEMPATH", value: "/etc/milvus/certs/tls.crt" }, { name: "TLS_SERVERKEYPATH", value: "/etc/milvus/certs/tls.key" }];
    await passes(milvusTlsFiles, release(viaEnv), "paths from the environment");
    const deeper = releaseProps();
    deeper.values.proxy.volumes.push({ name: "other", emptyDir: {} });
    deeper.values.proxy.volumeMounts.push({ name: "other", mountPath: "/etc/milvus" });
    await passes(milvusTlsFiles, release(deeper), "the deepest mount wins");
});

test("TLS files: a typo in a file name, items that omit tls.key, a wrong subPath or a mount of the wrong directory fail", async () => {
    await fails(milvusTlsFiles, release(withUserYaml(tlsPaths("/etc/milvus/certs/tls.crt", "/etc/milvus/certs/tls.keyy"))),
        /Milvus reads tls.serverKeyPath = \/etc\/milvus\/certs\/tls.keyy .*does not exist in the proxy pods.*has no file tls.keyy: it holds tls.crt, tls.key/,
        "typo in the key file's name");
    const omitted = releaseProps();
    omitted.values.proxy.volumes[0].secret.items = [{ key: "tls.crt", path: "tls.crt" }];
    await fails(milvusTlsFiles, release(omitted), /tls.serverKeyPath = \/etc\/milvus\/certs\/tls.key .*has no file tls.key: it holds tls.crt \(its items projection\)/, "items without tls.key");
    const subPath = releaseProps();
    subPath.values.proxy.volumeMounts = [
        { name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/tls.crt", subPath: "tls.crt" },
        { name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/tls.key", subPath: "tls.pem" },
    ];
    await fails(milvusTlsFiles, release(subPath), /tls.serverKeyPath .*subPath tls.pem.*has no file tls.pem/, "subPath naming no key");
    const parent = releaseProps();
    parent.values.proxy.volumeMounts[0].mountPath = "/etc/milvus";
    await fails(milvusTlsFiles, release(parent), /has no file certs\/tls.crt/, "the Secret is mounted one directory up");
    const elsewhere = releaseProps();
    elsewhere.values.proxy.volumeMounts[0].mountPath = "/elsewhere";
    const v = await validateResource(milvusTlsFiles, release(elsewhere));
    assert.equal(v.length, 2);
    assert.match(v[0].message, /no volume is mounted at \/etc\/milvus\/certs.*proxy.volumes\/proxy.volumeMounts \(cluster mode\)/);
    const asDirectory = releaseProps();
    asDirectory.values.proxy.volumeMounts = [{ name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/tls.crt" },
        { name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/tls.key" }];
    await fails(milvusTlsFiles, release(asDirectory), /a directory, not a file/, "a whole volume mounted at the file's path");
});

test("TLS files: unset paths, swapped files, non-Secret volumes, unknown keys, proxy volumes in standalone and invalid pods fail", async () => {
    await fails(milvusTlsFiles, release(withUserYaml("common:\n  security:\n    tlsMode: 1\n")),
        /tls.serverPemPath is not set, so Milvus reads its default configs\/cert\/server.pem/, "unset paths");
    await fails(milvusTlsFiles, release(withUserYaml(tlsPaths("/etc/milvus/certs/tls.key", "/etc/milvus/certs/tls.crt"))),
        /which is key "tls.key" of Secret "my-release-milvus-tls", not its certificate "tls.crt"/, "certificate and key swapped");
    const notSecret = releaseProps();
    notSecret.values.proxy.volumes = [{ name: "milvus-l7-tls", emptyDir: {} }];
    await fails(milvusTlsFiles, release(notSecret), /is a emptyDir volume, not a Secret/, "emptyDir");
    const configMap = releaseProps();
    configMap.values.proxy.volumes = [{ name: "milvus-l7-tls", configMap: { name: "certs" } }];
    await fails(milvusTlsFiles, release(configMap), /is a configMap volume, not a Secret/, "configMap");
    const unknownKey = withUserYaml(tlsPaths("/etc/milvus/certs/server.pem", "/etc/milvus/certs/tls.key"));
    unknownKey.values.proxy.volumes[0].secret.items = [{ key: "server.pem", path: "server.pem" }, { key: "tls.key", path: "tls.key" }];
    await fails(milvusTlsFiles, release(unknownKey), /key "server.pem" of Secret "my-release-milvus-tls", which a kubernetes.io\/tls Secret does not have/, "items key absent from the Secret");
    const standalone = releaseProps();
    standalone.values.cluster.enabled = false;
    await fails(milvusTlsFiles, release(standalone), /standalone pods.*volumes\/volumeMounts \(standalone\)/, "proxy volumes do not reach the standalone pod");
    const missingVolume = releaseProps();
    missingVolume.values.proxy.volumes[0].name = "renamed";
    await fails(milvusTlsFiles, release(missingVolume), /names volume "milvus-l7-tls", which the pod does not have/, "mount without its volume");
    const duplicate = releaseProps();
    duplicate.values.volumeMounts = [{ name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/" }];
    await fails(milvusTlsFiles, release(duplicate), /2 volumeMounts use mountPath \/etc\/milvus\/certs/, "two mounts at one path");
    const twoSecrets = releaseProps();
    twoSecrets.values.proxy.volumes.push({ name: "other-tls", secret: { secretName: "other-tls" } });
    twoSecrets.values.proxy.volumeMounts = [
        { name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/tls.crt", subPath: "tls.crt" },
        { name: "other-tls", mountPath: "/etc/milvus/certs/tls.key", subPath: "tls.key" },
    ];
    await fails(milvusTlsFiles, release(twoSecrets), /come from different Secrets \(my-release-milvus-tls, other-tls\)/, "certificate and key from two Secrets");
    const expr = releaseProps();
    expr.values.proxy.volumeMounts[0] = { name: "milvus-l7-tls", mountPath: "/etc/milvus/certs", subPathExpr: "$(POD_NAME)" };
    await fails(milvusTlsFiles, release(expr), /subPathExpr/, "subPathExpr");
    const fromEnv = releaseProps();
    fromEnv.values.proxy.extraEnv = [{ name: "TLS_SERVERKEYPATH", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }];
    await fails(milvusTlsFiles, release(fromEnv), /tls.serverKeyPath from proxy.extraEnv TLS_SERVERKEYPATH \(valueFrom\)/, "path from valueFrom");
    const chartTls = withUserYaml(tlsPaths("/etc/milvus/certs/tls.crt", "/etc/milvus/certs/tls.key"));
    delete chartTls.values.proxy.volumes;
    delete chartTls.values.proxy.volumeMounts;
    chartTls.values.proxy.tls = { enabled: true, secretName: "milvus-tls" };
    await fails(milvusTlsFiles, release(chartTls), /no volume is mounted.*does not read `proxy.tls`/, "the chart's proxy.tls mounts nothing");
});

// ---- milvus-service-gke-annotations --------------------------------------------------------------------------

test("annotations: HTTP2 keyed by the real port name; all three present", async () => {
    await passes(serviceAnnotations, release(releaseProps()), "the program's annotations");
    const renamed = releaseProps();
    renamed.values.service.portName = "grpc";
    const v = await validateResource(serviceAnnotations, release(renamed));
    assert.equal(v.length, 1);
    assert.match(v[0].message, /map the Service port name "grpc" to HTTP2.*\{"grpc":"HTTP2"\}/);
    const bare = releaseProps();
    bare.values.service.annotations = {};
    assert.equal((await validateResource(serviceAnnotations, release(bare))).length, 3);
});

// ---- milvus-backend-config-ports -----------------------------------------------------------------------------

test("backend-config ports: default, or per-port keys naming the Service's ports by name or number, pass", async () => {
    const annotated = (value: string, tweak: (vals: Record<string, any>) => void = () => undefined) => {
        const props = releaseProps();
        props.values.service.annotations["cloud.google.com/backend-config"] = value;
        tweak(props.values);
        return release(props);
    };
    await passes(backendConfigPorts, annotated("{\"default\":\"bc\"}"), "default");
    await passes(backendConfigPorts, annotated("{\"ports\":{\"milvus\":\"bc\"}}"), "by port name");
    await passes(backendConfigPorts, annotated("{\"ports\":{\"19530\":\"bc\"}}"), "by port number");
    await passes(backendConfigPorts, annotated("{\"default\":\"bc\",\"ports\":{\"metrics\":\"other\"}}"), "default plus the metrics port");
    await passes(backendConfigPorts, annotated("{\"ports\":{\"grpc\":\"bc\"}}", (v) => { v.service.portName = "grpc"; }), "renamed port");
    await passes(backendConfigPorts, annotated("{\"ports\":{\"443\":\"bc\"}}", (v) => { v.service.port = 443; }), "moved port");
    await passes(backendConfigPorts, release(releaseProps()), "the program's annotation");
});

test("backend-config ports: a key the Service does not have, an uncovered Milvus port or a non-name value fail", async () => {
    const annotated = (value: string, tweak: (vals: Record<string, any>) => void = () => undefined) => {
        const props = releaseProps();
        props.values.service.annotations["cloud.google.com/backend-config"] = value;
        tweak(props.values);
        return release(props);
    };
    await fails(backendConfigPorts, annotated("{\"ports\":{\"grpc\":\"my-release-milvus-backend\"}}"),
        /keyed to port "grpc", which the Milvus Service does not have \(its ports are "milvus" \(19530\) and "metrics" \(9091\)\)[\s\S]*No BackendConfig applies to the Milvus port "milvus"/,
        "port name the Service does not have");
    await fails(backendConfigPorts, annotated("{\"ports\":{\"19531\":\"bc\"}}"), /keyed to port "19531"/, "port number the Service does not have");
    await fails(backendConfigPorts, annotated("{\"ports\":{\"milvus\":\"bc\"}}", (v) => { v.service.portName = "grpc"; }), /keyed to port "milvus"/, "the old name after a rename");
    await fails(backendConfigPorts, annotated("{\"ports\":{\"metrics\":\"bc\"}}"), /No BackendConfig applies to the Milvus port "milvus" \(19530\)/, "only the metrics port");
    await fails(backendConfigPorts, annotated("{\"ports\":{\"9091\":\"bc\"},\"default\":\"bc\"}", (v) => { v.metrics.enabled = false; }), /keyed to port "9091"/, "metrics port without metrics");
    await fails(backendConfigPorts, annotated("{\"ports\":{\"milvus\":{\"name\":\"bc\"}}}"), /maps port "milvus" to .*must be the name of a BackendConfig/, "value not a name");
    await fails(backendConfigPorts, annotated("{\"ports\":[\"milvus\"]}"), /"ports": \["milvus"\]: it must map/, "ports not an object");
    await fails(backendConfigPorts, annotated("{\"default\":42}"), /"default": 42/, "default not a name");
});

// ---- backendconfig-milvus-health-check -----------------------------------------------------------------------

test("BackendConfig: HTTP 9091 /healthz passes, anything else fails", async () => {
    await passes(backendHealthCheck, resource(TYPES.backendConfig, "bc", backendConfigProps()), "HTTP 9091 /healthz");
    const wrong = backendConfigProps();
    wrong.spec.healthCheck.port = 19530;
    await fails(backendHealthCheck, resource(TYPES.backendConfig, "bc", wrong), /port 9091 at \/healthz/, "gRPC port");
});

// ---- ingress-https-static-ip ---------------------------------------------------------------------------------

test("Ingress: gce, static IP, HTTPS only, service backend", async () => {
    await passes(ingressHttpsOnly, ingress(ingressProps()), "self-managed");
    const managed = ingressProps();
    delete managed.spec.tls;
    managed.metadata.annotations["networking.gke.io/managed-certificates"] = "my-cert";
    await passes(ingressHttpsOnly, ingress(managed), "a managed certificate is HTTPS too");
    const redirected = ingressProps();
    redirected.metadata.annotations["kubernetes.io/ingress.allow-http"] = "true";
    redirected.metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"] = "redirect";
    await passes(ingressHttpsOnly, ingress(redirected), "port 80 only to redirect");

    const bad = ingressProps();
    bad.metadata.annotations = { "kubernetes.io/ingress.class": "nginx" };
    delete bad.spec.tls;
    const v = messages(await validateResource(ingressHttpsOnly, ingress(bad)));
    assert.match(v, /set it to "gce"/);
    assert.match(v, /no kubernetes.io\/ingress.global-static-ip-name annotation/);
    assert.match(v, /serves no certificate/);
    assert.match(v, /serves plain HTTP on port 80/);
    const noSecretName = ingressProps();
    delete noSecretName.spec.tls[0].secretName;
    await fails(ingressHttpsOnly, ingress(noSecretName), /spec.tls entry without secretName/, "spec.tls without secretName");
    const noBackend = ingressProps();
    noBackend.spec.rules = [];
    await fails(ingressHttpsOnly, ingress(noBackend), /must send traffic to the Milvus Service/, "no backend");
});

// ---- ingress-routes-all-grpc ---------------------------------------------------------------------------------

const MILVUS_BACKEND = { service: { name: "my-release-milvus", port: { number: 19530 } } };
const OTHER_BACKEND = { service: { name: "attu", port: { number: 3000 } } };
function routed(paths: any[], extra: (props: Record<string, any>) => void = () => undefined): PolicyResource[] {
    const props = ingressProps();
    props.spec.rules[0].http.paths = paths;
    extra(props);
    return goodStack({ ingress: props });
}

test("gRPC routing: Prefix \"/\", ImplementationSpecific \"/*\", a default backend and other apps' hosts and paths pass", async () => {
    await stackPasses(grpcRouting, goodStack(), "Prefix / to Milvus");
    await stackPasses(grpcRouting, routed([{ path: "/*", pathType: "ImplementationSpecific", backend: MILVUS_BACKEND }]), "ImplementationSpecific /*");
    await stackPasses(grpcRouting, routed([], (p) => { delete p.spec.rules; p.spec.defaultBackend = MILVUS_BACKEND; }), "default backend only");
    await stackPasses(grpcRouting, routed([{ path: "/healthz", pathType: "Exact", backend: OTHER_BACKEND }],
        (p) => { p.spec.defaultBackend = MILVUS_BACKEND; }), "unmatched paths fall to the Milvus default backend");
    await stackPasses(grpcRouting, routed([{ path: "/", pathType: "Prefix", backend: MILVUS_BACKEND },
        { path: "/ui", pathType: "Prefix", backend: OTHER_BACKEND }]), "a non-gRPC path for another app");
    await stackPasses(grpcRouting, routed([{ path: "/", pathType: "Prefix", backend: MILVUS_BACKEND }],
        (p) => { p.spec.rules.push({ host: "attu.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: OTHER_BACKEND }] } }); }),
        "another host for another app");
});

test("gRPC routing: an Exact or ImplementationSpecific \"/\", one service's prefix, a catch-all elsewhere or a stolen method fail", async () => {
    await stackFails(grpcRouting, routed([{ path: "/", pathType: "Exact", backend: MILVUS_BACKEND }]),
        /sends only "\/" \(Exact\) of host milvus.example.com to Milvus: .*every other method goes to GKE's default backend, which answers 404. Route path "\/" with pathType Prefix/,
        "Exact /");
    await stackFails(grpcRouting, routed([{ path: "/", pathType: "ImplementationSpecific", backend: MILVUS_BACKEND }]), /"\/" \(ImplementationSpecific\)/, "ImplementationSpecific /");
    await stackFails(grpcRouting, routed([{ path: "/milvus.proto.milvus.MilvusService", pathType: "Prefix", backend: MILVUS_BACKEND }]),
        /sends only "\/milvus.proto.milvus.MilvusService" \(Prefix\)/, "one gRPC service only (health checks and others lost)");
    await stackFails(grpcRouting, routed([{ path: "/", pathType: "Prefix", backend: OTHER_BACKEND },
        { path: "/milvus.proto.milvus.MilvusService", pathType: "Prefix", backend: MILVUS_BACKEND }]),
        /sends every path of host milvus.example.com \("\/" \(Prefix\)\) to Service attu, not to the Milvus Service my-release-milvus/, "catch-all to another Service");
    await stackFails(grpcRouting, routed([{ path: "/", pathType: "Prefix", backend: MILVUS_BACKEND },
        { path: "/milvus.proto.milvus.MilvusService/Search", pathType: "Exact", backend: OTHER_BACKEND }]),
        /sends "\/milvus.proto.milvus.MilvusService\/Search" \(Exact\) of host milvus.example.com to Service attu: that path matches gRPC method paths/, "a method sent elsewhere");
    await stackFails(grpcRouting, routed([{ path: "/", pathType: "Exact", backend: MILVUS_BACKEND }], (p) => { p.spec.defaultBackend = OTHER_BACKEND; }),
        /every other method goes to Service attu/, "the rest to another default backend");
    await stackFails(grpcRouting, routed([{ path: "/", pathType: "Exact", backend: MILVUS_BACKEND }], (p) => { delete p.spec.rules[0].host; }),
        /of requests without a matching host rule to Milvus/, "a rule without host");
    await stackFails(grpcRouting, routed([{ path: "/", pathType: "Prefix", backend: OTHER_BACKEND }], (p) => { p.spec.defaultBackend = MILVUS_BACKEND; }),
        /sends every path of host milvus.example.com \("\/" \(Prefix\)\) to Service attu/, "Milvus's own host sent elsewhere, Milvus only as the default backend");
});

test("gRPC routing: which paths can take a gRPC method", () => {
    const p = (path: string, pathType: string) => mayMatchGrpc({ path, pathType });
    assert.equal(p("/", "Prefix"), true);
    assert.equal(p("/*", "ImplementationSpecific"), true);
    assert.equal(p("/milvus.proto.milvus.MilvusService", "Prefix"), true);
    assert.equal(p("/grpc.health.v1.Health/Check", "Exact"), true);
    assert.equal(p("/grpc.health.v1.Health/*", "ImplementationSpecific"), true);
    assert.equal(p("/healthz", "Prefix"), false);
    assert.equal(p("/", "Exact"), false);
    assert.equal(p("/ui/*", "ImplementationSpecific"), false);
    assert.equal(p("/a.b/c/d", "Prefix"), false);
});

// ---- private-key-strength ------------------------------------------------------------------------------------

test("keys: RSA 2048+ and ECDSA P256+ pass, weaker fail", async () => {
    for (const ok of [{ algorithm: "RSA", rsaBits: 2048 }, { algorithm: "RSA" }, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { algorithm: "ECDSA", ecdsaCurve: "P384" }]) {
        await passes(keyStrength, resource(TYPES.privateKey, "k", ok), JSON.stringify(ok));
    }
    await fails(keyStrength, resource(TYPES.privateKey, "k", { algorithm: "RSA", rsaBits: 1024 }), /1024 bits is too weak/, "RSA 1024");
    await fails(keyStrength, resource(TYPES.privateKey, "k", { algorithm: "ECDSA" }), /P224 is too weak/, "provider default curve");
    await fails(keyStrength, resource(TYPES.privateKey, "k", { algorithm: "ED25519" }), /not allowed/, "ED25519");
});

// ---- self-signed-cert-validity (advisory) and self-signed-cert-min-validity (mandatory) ----------------------

test("certificate validity: advisory above 397 days (configurable)", async () => {
    await passes(certValidity, cert({ validityPeriodHours: 8760 }), "one year");
    await passes(certValidity, cert({ validityPeriodHours: 9528 }), "397 days exactly");
    await fails(certValidity, cert({ validityPeriodHours: 9529 }), /more than 397 days/, "one hour more");
    await fails(certValidity, cert({ validityPeriodHours: 87600 }), /3650 days\), more than 397 days/, "ten years");
    await passes(certValidity, cert({ validityPeriodHours: 87600 }), "a team may loosen it", { maxCertValidityDays: 3650 });
    await passes(certValidity, cert({}), "a missing validity is the mandatory policy's to report");
    assert.equal(certValidity.configSchema?.properties.maxCertValidityDays.default, 397);
});

test("certificate validity: mandatory minimum of 24 hours (configurable), renewed before it expires", async () => {
    await passes(certMinValidity, cert(certProps()), "one year, renewed 30 days early");
    await passes(certMinValidity, cert({ validityPeriodHours: 24 }), "the minimum, no early renewal");
    await fails(certMinValidity, cert({ validityPeriodHours: 0 }), /valid for only 0 hours, less than 24/, "zero");
    await fails(certMinValidity, cert({ validityPeriodHours: 4, earlyRenewalHours: 0 }), /valid for only 4 hours/, "a few hours");
    await fails(certMinValidity, cert({ validityPeriodHours: 100 }), /less than 168/, "a stricter minimum from the pack config", { minCertValidityHours: 168 });
    await fails(certMinValidity, cert({}), /no validityPeriodHours/, "missing");
    await fails(certMinValidity, cert({ validityPeriodHours: 720, earlyRenewalHours: 720 }), /earlyRenewalHours 720 ≥ validityPeriodHours 720.*every pulumi up replaces it/, "renewal window as long as the validity");
    assert.equal(certMinValidity.configSchema?.properties.minCertValidityHours.default, 24);
});

// ---- self-signed-cert-names ----------------------------------------------------------------------------------

test("certificate names: wildcard names cover exactly one label", () => {
    assert.equal(nameCovers("milvus.example.com", "MILVUS.example.com."), true);
    assert.equal(nameCovers("*.example.com", "milvus.example.com"), true);
    assert.equal(nameCovers("*.example.com", "a.milvus.example.com"), false);
    assert.equal(nameCovers("*.example.com", "example.com"), false);
    assert.equal(nameCovers("*.com", "example.com"), false);
    assert.equal(nameCovers("m*.example.com", "milvus.example.com"), false);
    assert.equal(nameCovers("*.example.com", "*.example.com"), true);
});

test("certificate names: the domain in the SAN (exactly or by wildcard) and as CN passes, in both certificate modes", async () => {
    await stackPasses(certificateNamesPolicy, goodStack(), "self-managed");
    await stackPasses(certificateNamesPolicy, goodStack({ cert: { ...certProps(), dnsNames: ["*.example.com"], subject: { commonName: "*.example.com" } } }), "wildcard");
    await stackPasses(certificateNamesPolicy, goodStack({ cert: { ...certProps(), dnsNames: ["other.example.com", DOMAIN], subject: undefined } }), "several names, no CN");
    const managed = ingressProps();
    delete managed.spec.tls;
    managed.metadata.annotations["networking.gke.io/managed-certificates"] = "my-cert";
    await stackPasses(certificateNamesPolicy, goodStack({ ingress: managed }), "google-managed: the backend certificate");
    // A certificate for something else, not linked to Milvus's Secret, is not checked once the link is visible.
    const stack = goodStack();
    const unrelated = resource(TYPES.selfSignedCert, "other-cert", { ...certProps(), dnsNames: ["internal.local"], subject: { commonName: "internal.local" } });
    const milvusCert = stack.find((r) => r.type === TYPES.selfSignedCert)!;
    stack.find((r) => r.type === TYPES.secret)!.dependencies = [milvusCert];
    await stackPasses(certificateNamesPolicy, [...stack, unrelated], "only the certificate behind Milvus's Secret counts");
});

test("certificate names: a SAN or CN for another host, a wildcard one label off, or no SAN fail", async () => {
    await stackFails(certificateNamesPolicy, goodStack({ cert: { ...certProps(), dnsNames: ["milvus-dev.example.com"] } }),
        /names \["milvus-dev.example.com"\], which does not cover milvus.example.com, the host Ingress my-release-milvus serves Milvus on/, "another host");
    await stackFails(certificateNamesPolicy, goodStack({ cert: { ...certProps(), dnsNames: ["*.milvus.example.com"], subject: { commonName: "*.example.com" } } }),
        /does not cover milvus.example.com/, "wildcard one label below");
    const deeper = ingressProps();
    deeper.spec.rules[0].host = "a.milvus.example.com";
    deeper.spec.tls[0].hosts = ["a.milvus.example.com"];
    await stackFails(certificateNamesPolicy, goodStack({ ingress: deeper, cert: { ...certProps(), dnsNames: ["*.example.com"], subject: { commonName: "*.example.com" } } }),
        /\["\*.example.com"\], which does not cover a.milvus.example.com.*a wildcard covers exactly one label/, "wildcard two labels above");
    await stackFails(certificateNamesPolicy, goodStack({ cert: { ...certProps(), dnsNames: [] } }), /has no DNS names .*ignore the common name/, "CN only");
    await stackFails(certificateNamesPolicy, goodStack({ cert: { ...certProps(), subject: { commonName: "localhost" } } }), /common name localhost, which is none of the hosts/, "CN for another host");
    const tlsHost = ingressProps();
    tlsHost.spec.tls[0].hosts = [DOMAIN, "vectors.example.com"];
    await stackFails(certificateNamesPolicy, goodStack({ ingress: tlsHost }), /does not cover vectors.example.com/, "a spec.tls host");
});

// ---- private-key-only-in-secrets -----------------------------------------------------------------------------

test("private keys: recognised in clear and base64-encoded, in every PEM flavour; certificates and public keys are not keys", () => {
    assert.equal(privateKeyIn(PEM.pkcs8), "PRIVATE KEY");
    assert.equal(privateKeyIn(PEM.ec), "EC PRIVATE KEY");
    assert.equal(privateKeyIn(PEM.rsa), "RSA PRIVATE KEY");
    assert.equal(privateKeyIn(`key: ${base64(PEM.rsa)}\n`), "RSA PRIVATE KEY (base64-encoded)");
    assert.equal(privateKeyIn(base64(PEM.pkcs8).replace(/(.{76})/g, "$1\n")), "PRIVATE KEY (base64-encoded)");
    assert.equal(privateKeyIn(base64(`users:\n- user:\n    client-key-data: ${base64(PEM.ec)}\n`)), "EC PRIVATE KEY (base64-encoded)");
    assert.equal(privateKeyIn(PEM.publicKey), undefined);
    assert.equal(privateKeyIn(base64(PEM.publicKey)), undefined);
    assert.equal(privateKeyIn(outputsProps().certificatePem), undefined);
});

test("private keys: the places that are secrets by construction pass", async () => {
    await passes(privateKeyPlacement, resource(TYPES.secret, "s", { type: "kubernetes.io/tls", stringData: { "tls.key": PEM.rsa }, data: { "tls.key": base64(PEM.rsa) } }), "Secret data");
    await passes(privateKeyPlacement, cert({ ...certProps(), privateKeyPem: PEM.rsa }), "the certificate's key input");
    await passes(privateKeyPlacement, resource(TYPES.privateKey, "k", { algorithm: "RSA", privateKeyPem: PEM.rsa, publicKeyPem: PEM.publicKey }), "the key's own outputs");
    await passes(privateKeyPlacement, resource("pulumi:providers:kubernetes", "k8s", { kubeconfig: `client-key-data: ${base64(PEM.ec)}` }), "the provider's kubeconfig");
    await passes(privateKeyPlacement, resource("pulumi:providers:gcp", "gcp", { project: "p", credentials: JSON.stringify({ type: "service_account", private_key: PEM.pkcs8 }) }), "the gcp provider's credentials");
    await passes(privateKeyPlacement, resource(TYPES.stackReference, "ref", { outputs: { kubeconfig: `client-key-data: ${base64(PEM.ec)}` }, secretOutputNames: ["kubeconfig"] }), "another stack's secret output");
    await passes(privateKeyPlacement, release(releaseProps()), "the program's release");
    await passes(privateKeyPlacement, stackResource({ leaked: PEM.rsa }), "stack outputs are the stack policy's");
    // During preview CrossGuard's props throw on unknown values: the policy skips them instead of failing.
    const unknown = new Proxy({ metadata: { name: "x" } } as Record<string, any>, {
        get: (target, p) => { if (p === "data") { throw new Error("string value at .data can't be known during preview"); } return target[p as string]; },
        ownKeys: () => ["metadata", "data"],
        getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
    });
    await passes(privateKeyPlacement, resource("kubernetes:core/v1:ConfigMap", "cm", unknown), "an unknown value");
});

test("private keys: a key in Helm values, user.yaml, a ConfigMap, an annotation or another stack's plain output fails", async () => {
    const chartTls = releaseProps();
    chartTls.values.proxy.tls = { enabled: true, secretName: "milvus-tls", crt: base64(outputsProps().certificatePem), key: base64(PEM.rsa) };
    await fails(privateKeyPlacement, release(chartTls), /property values.proxy.tls.key holds a private key \(RSA PRIVATE KEY \(base64-encoded\)\) in clear.*helm get values/, "the chart's proxy.tls.key");
    await fails(privateKeyPlacement, release(withUserYaml(USER_YAML + `tlsKey: |\n${PEM.pkcs8.split("\n").map((l) => "  " + l).join("\n")}\n`)),
        /values.extraConfigFiles.user.yaml holds a private key \(PRIVATE KEY\)/, "inlined in user.yaml");
    await fails(privateKeyPlacement, resource("kubernetes:core/v1:ConfigMap", "cm", { data: { "tls.key": PEM.ec } }), /kubernetes:core\/v1:ConfigMap property data.tls.key holds a private key \(EC PRIVATE KEY\)/, "ConfigMap");
    const annotated = ingressProps();
    annotated.metadata.annotations["example.com/key"] = PEM.rsa;
    await fails(privateKeyPlacement, ingress(annotated), /metadata.annotations.example.com\/key holds a private key/, "annotation");
    await fails(privateKeyPlacement, cert({ ...certProps(), subject: { commonName: DOMAIN, organization: PEM.rsa } }), /property subject.organization/, "a certificate's other property");
    await fails(privateKeyPlacement, resource(TYPES.stackReference, "ref", { outputs: { key: PEM.rsa }, secretOutputNames: [] }), /property outputs.key/, "another stack's plain output");
    await fails(privateKeyPlacement, release({ ...releaseProps(), values: { ...releaseProps().values, extraEnv: [{ name: "KEY", value: base64(PEM.pkcs8).replace(/(.{64})/g, "$1\n") }] } }),
        /values.extraEnv\[0\].value holds a private key \(PRIVATE KEY \(base64-encoded\)\)/, "wrapped base64 in a list");
});

// ---- private-key-not-a-stack-output --------------------------------------------------------------------------

test("stack outputs: the certificate passes; a private key in any output, secret or not, nested or encoded, fails", async () => {
    await stackPasses(stackOutputsPolicy, goodStack(), "certificatePem only");
    await stackPasses(stackOutputsPolicy, goodStack({ outputs: { ...outputsProps(), publicKeyPem: PEM.publicKey } }), "a public key");
    await stackFails(stackOutputsPolicy, goodStack({ outputs: { ...outputsProps(), privateKeyPem: PEM.pkcs8 } }),
        /Stack output privateKeyPem holds a private key \(PRIVATE KEY\).*secret or not/, "the key as an output");
    await stackFails(stackOutputsPolicy, goodStack({ outputs: { ...outputsProps(), tls: { crt: "x", key: base64(PEM.ec) } } }),
        /Stack output tls.key holds a private key \(EC PRIVATE KEY \(base64-encoded\)\)/, "nested and encoded");
    await stackFails(stackOutputsPolicy, goodStack({ outputs: { ...outputsProps(), bundle: [outputsProps().certificatePem + PEM.rsa] } }),
        /Stack output bundle\[0\]/, "certificate and key bundled");
    const v = await validateStack(stackOutputsPolicy, goodStack({ outputs: { ...outputsProps(), privateKeyPem: PEM.pkcs8 } }));
    assert.equal(v[0].urn, goodStack()[0].urn, "reported on the stack resource");
});

// ---- milvus-l7-consistency -----------------------------------------------------------------------------------

test("stack: a consistent stack has no finding (every stack policy)", async () => {
    for (const policy of stackPolicies) {
        await stackPasses(policy, goodStack(), "the fixture stack");
    }
    const standalone = goodStack({ release: standaloneReleaseProps() });
    for (const policy of allPolicies) {
        assert.deepEqual(await validate(policy, standalone), [], `${policy.name} on standalone`);
    }
});

test("stack: names must agree across Service annotations, BackendConfig, Secret and Ingress", async () => {
    const backend = backendConfigProps();
    backend.metadata.name = "other";
    await stackFails(stackConsistency, goodStack({ backendConfig: backend }), /names BackendConfig "my-release-milvus-backend".*declares no BackendConfig/, "BackendConfig name");

    const wrongService = ingressProps();
    wrongService.spec.rules[0].http.paths[0].backend.service.name = "milvus";
    await stackFails(stackConsistency, goodStack({ ingress: wrongService }), /No gce Ingress routes to the Milvus Service "my-release-milvus"/, "Service name");

    const wrongPort = ingressProps();
    wrongPort.spec.rules[0].http.paths[0].backend.service.port = { number: 9091 };
    await stackFails(stackConsistency, goodStack({ ingress: wrongPort }), /Milvus serves clients on 19530/, "port");

    const wrongSecret = ingressProps();
    wrongSecret.spec.tls[0].secretName = "other-tls";
    await stackFails(stackConsistency, goodStack({ ingress: wrongSecret }), /presents Secret "other-tls", but Milvus mounts/, "Ingress Secret");

    await stackFails(stackConsistency, goodStack({ secret: { type: "Opaque", metadata: { name: "my-release-milvus-tls", namespace: "default" } } }),
        /declares no kubernetes.io\/tls Secret of that name/, "Secret type");
});

test("stack: managed certificates and redirects must exist and match", async () => {
    const managed = ingressProps();
    delete managed.spec.tls;
    managed.metadata.annotations["networking.gke.io/managed-certificates"] = "my-cert";
    await stackFails(stackConsistency, goodStack({ ingress: managed }), /ManagedCertificate "my-cert", which the stack does not declare/, "undeclared");
    const withCert = [...goodStack({ ingress: managed }), resource(TYPES.managedCertificate, "mc",
        { metadata: { name: "my-cert", namespace: "default" }, spec: { domains: ["other.example.com"] } })];
    await stackFails(stackConsistency, withCert, /covers \["other.example.com"\] but Ingress my-release-milvus serves \["milvus.example.com"\]: add the hosts/, "other domain");
    const covering = [...goodStack({ ingress: managed }), resource(TYPES.managedCertificate, "mc",
        { metadata: { name: "my-cert", namespace: "default" }, spec: { domains: [DOMAIN] } })];
    await stackPasses(stackConsistency, covering, "covering managed certificate");

    const redirect = ingressProps();
    redirect.metadata.annotations["kubernetes.io/ingress.allow-http"] = "true";
    redirect.metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"] = "fc";
    await stackPasses(stackConsistency, goodStack({ ingress: redirect }), "an undeclared FrontendConfig is ingress-frontend-ssl-policy's to report");
    await stackFails(frontendSslPolicy, goodStack({ ingress: redirect }),
        /names FrontendConfig "fc" .*which the stack does not declare in namespace default: GKE applies nothing of it, neither an SSL policy nor the redirect of the port 80 it opens/,
        "undeclared FrontendConfig");
    const frontend = (enabled: boolean) => resource(TYPES.frontendConfig, "fc", { metadata: { name: "fc", namespace: "default" },
        spec: { sslPolicy: SSL_POLICY_NAME, redirectToHttps: { enabled } } });
    await stackFails(stackConsistency, [...goodStack({ ingress: redirect }), frontend(false)], /does not redirect to HTTPS/, "no redirect");
    await stackPasses(stackConsistency, [...goodStack({ ingress: redirect }), frontend(true)], "redirect");
    await stackPasses(frontendSslPolicy, [...goodStack({ ingress: redirect }), frontend(true)], "redirect and SSL policy");
});

test("stack: the static IP must exist and be protected", async () => {
    const unprotected = goodStack().map((r) => r.type === TYPES.globalAddress ? resource(r.type, r.name, r.props, false) : r);
    await stackFails(stackConsistency, unprotected, /GlobalAddress "milvus-dev-ip" is not protected/, "unprotected");
    await stackFails(stackConsistency, goodStack({ address: { name: "other-ip" } }), /static IP "milvus-dev-ip", which the stack does not declare/, "undeclared");
    const external = goodStack().filter((r) => r.type !== TYPES.globalAddress);
    assert.deepEqual(await validateStack(stackConsistency, external, { externalStaticIpNames: ["milvus-dev-ip"] }), [],
        "an address reserved outside the stack (createStaticIp: false), named in the pack config");
    await stackFails(stackConsistency, external, /list it in the pack config's milvus-l7-consistency externalStaticIpNames/, "not named");
});

test("stack: a release without a name has no predictable Service name", async () => {
    const props = releaseProps();
    delete props.name;
    await stackFails(stackConsistency, goodStack({ release: props }), /has no name: .*Set the Release's name/, "no name");
});

test("stack: per-port backend-config names and the release's namespace count", async () => {
    const perPort = releaseProps();
    perPort.values.service.annotations["cloud.google.com/backend-config"] = "{\"ports\":{\"milvus\":\"my-release-milvus-backend\"}}";
    await stackPasses(stackConsistency, goodStack({ release: perPort }), "per-port");
    perPort.values.service.annotations["cloud.google.com/backend-config"] = "{\"ports\":{\"milvus\":\"missing\"}}";
    await stackFails(stackConsistency, goodStack({ release: perPort }), /names BackendConfig "missing"/, "per-port, undeclared");

    const elsewhere = backendConfigProps();
    elsewhere.metadata.namespace = "milvus";
    await stackFails(stackConsistency, goodStack({ backendConfig: elsewhere }), /no BackendConfig of that name in namespace default/, "BackendConfig namespace");

    const otherNamespace = ingressProps();
    otherNamespace.metadata.namespace = "web";
    const v = messages(await validateStack(stackConsistency, goodStack({ ingress: otherNamespace })));
    assert.match(v, /Ingress my-release-milvus is in namespace web, the Milvus Service in default/);
    assert.match(v, /no kubernetes.io\/tls Secret of that name in namespace web/);
});

test("stack: chart overrides move the Service name and port", async () => {
    const props = releaseProps();
    props.values.fullnameOverride = "vectors";
    props.values.service.port = 443;
    await stackFails(stackConsistency, goodStack({ release: props }), /No gce Ingress routes to the Milvus Service "vectors"/, "fullnameOverride");
    const routedIngress = ingressProps();
    routedIngress.spec.rules[0].http.paths[0].backend.service = { name: "vectors", port: { number: 443 } };
    await stackPasses(stackConsistency, goodStack({ release: props, ingress: routedIngress }), "routed to the override");
    routedIngress.spec.rules[0].http.paths[0].backend.service.port = { number: 19530 };
    await stackFails(stackConsistency, goodStack({ release: props, ingress: routedIngress }), /Milvus serves clients on 443/, "old port");
});

test("chart naming follows the chart's helpers: the same table of cases as the Java program's MilvusChartTest", () => {
    // One table for both implementations of the rule (the program names the Service, the pack checks the name).
    // Compiled to dist/test/, so the repository root is three levels up.
    const table = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../src/test/resources/chart-fullname-cases.json"), "utf8"));
    assert.ok(table.cases.length >= 10);
    for (const c of table.cases) {
        assert.equal(chartFullname(c.release, c.values), c.fullname, c.why);
    }
});

// ---- ssl-policy-tls-1-2 --------------------------------------------------------------------------------------

const sslPolicy = (props: Record<string, any>) => resource(TYPES.sslPolicy, "sslpolicy", props);

test("SSL policy: the program's profiles at TLS 1.2 (or 1.3), FIPS and a CUSTOM list of forward-secret AEAD suites pass", async () => {
    for (const profile of ["MODERN", "RESTRICTED", "COMPATIBLE", "FIPS_202205"]) {
        await passes(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), profile }), profile);
    }
    await passes(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), profile: undefined }), "no profile: GCP's COMPATIBLE");
    await passes(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), minTlsVersion: "TLS_1_3" }), "TLS 1.3 only");
    await passes(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), profile: "CUSTOM",
        customFeatures: ["TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"] }), "CUSTOM, strong suites");
});

test("SSL policy: TLS 1.0/1.1, an unset minimum (GCP's TLS 1.0), weak CUSTOM suites or an invalid profile fail", async () => {
    await fails(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), minTlsVersion: undefined }),
        /SSL policy "milvus-test-ssl" has no minTlsVersion, so Google Cloud uses TLS_1_0: .*Set minTlsVersion to TLS_1_2/, "unset");
    await fails(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), minTlsVersion: "TLS_1_0" }), /minTlsVersion "TLS_1_0": the load balancer accepts TLS versions below 1.2/, "TLS 1.0");
    await fails(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), minTlsVersion: "TLS_1_1", profile: "RESTRICTED" }), /minTlsVersion "TLS_1_1"/, "TLS 1.1, even RESTRICTED");
    await fails(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), profile: "CUSTOM",
        customFeatures: ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256"] }),
        /\(profile CUSTOM\) enables TLS_RSA_WITH_3DES_EDE_CBC_SHA, TLS_RSA_WITH_AES_128_GCM_SHA256: static RSA key exchange has no forward secrecy and 3DES/,
        "weak CUSTOM features");
    await fails(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), profile: "CUSTOM" }), /profile CUSTOM and no customFeatures/, "CUSTOM without features");
    await fails(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), profile: "modern" }), /profile "modern", which is not one of Google Cloud's/, "lower-case profile");
    await fails(sslPolicyTls, sslPolicy({ ...sslPolicyProps(), customFeatures: ["TLS_RSA_WITH_3DES_EDE_CBC_SHA"] }),
        /profile MODERN and customFeatures .* only with profile CUSTOM/, "features without CUSTOM");
});

// ---- ingress-frontend-ssl-policy -----------------------------------------------------------------------------

test("FrontendConfig: the Ingress serving Milvus names a declared FrontendConfig whose SSL policy is declared (or external)", async () => {
    await stackPasses(frontendSslPolicy, goodStack(), "the program's FrontendConfig and SSL policy");
    const external = goodStack({ frontendConfig: { ...frontendConfigProps(), spec: { sslPolicy: "corp-tls12" } } }).filter((r) => r.type !== TYPES.sslPolicy);
    await stackPasses(frontendSslPolicy, external, "an existing policy named in the pack config (sslPolicy: <name>)", { externalSslPolicyNames: ["corp-tls12"] });
    const other = ingressProps();
    other.metadata.name = "attu";
    other.spec.rules[0] = { host: "attu.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "attu", port: { number: 3000 } } } }] } };
    delete other.metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"];
    await stackPasses(frontendSslPolicy, [...goodStack(), resource(TYPES.ingress, "attu", other)], "an Ingress of another app needs none");
});

test("FrontendConfig: no FrontendConfig, an undeclared one, no sslPolicy or an undeclared policy fail", async () => {
    const bare = ingressProps();
    delete bare.metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"];
    await stackFails(frontendSslPolicy, goodStack({ ingress: bare }),
        /Ingress my-release-milvus serves Milvus but names no FrontendConfig .*Google Cloud's default SSL policy \(TLS_1_0 and the COMPATIBLE profile/, "no annotation");
    await stackFails(frontendSslPolicy, goodStack().filter((r) => r.type !== TYPES.frontendConfig),
        /names FrontendConfig "my-release-milvus-frontend" .*which the stack does not declare in namespace default/, "undeclared");
    const elsewhere = frontendConfigProps();
    elsewhere.metadata.namespace = "milvus";
    await stackFails(frontendSslPolicy, goodStack({ frontendConfig: elsewhere }), /does not declare in namespace default/, "another namespace");
    await stackFails(frontendSslPolicy, goodStack({ frontendConfig: { ...frontendConfigProps(), spec: { redirectToHttps: { enabled: true } } } }),
        /FrontendConfig "my-release-milvus-frontend" of Ingress my-release-milvus sets no spec.sslPolicy/, "no sslPolicy");
    await stackFails(frontendSslPolicy, goodStack({ frontendConfig: { ...frontendConfigProps(), spec: { sslPolicy: "corp-tls12" } } }),
        /names SSL policy "corp-tls12", which the stack does not declare: .*externalSslPolicyNames/, "undeclared, not listed");
    await stackFails(frontendSslPolicy, goodStack({ sslPolicy: { ...sslPolicyProps(), name: undefined } }),
        /an SSLPolicy declared without name gets a random suffix: set its name/, "autonamed policy");
});

// ---- dns-record-matches-ingress-host -------------------------------------------------------------------------

test("DNS: an A record for the Ingress host with its trailing dot passes (linked to the static IP or the Ingress, or not linked)", async () => {
    await stackPasses(dnsRecords, dnsStack(), "linked to the GlobalAddress");
    await stackPasses(dnsRecords, goodStack(), "no record (dnsManagedZone unset)");
    await stackPasses(dnsRecords, dnsStack({ name: "MILVUS.example.com." }), "DNS names are case-insensitive");
    const viaIngress = dnsStack({}, false);
    viaIngress[viaIngress.length - 1].dependencies = [viaIngress.find((r) => r.type === TYPES.ingress)!];
    await stackPasses(dnsRecords, viaIngress, "linked to the Ingress (static IP reserved elsewhere)");
    await stackPasses(dnsRecords, dnsStack({ name: "other.example.com.", rrdatas: ["198.51.100.7"] }, false), "an unrelated record of the stack");
    await stackPasses(dnsRecords, [...dnsStack(), resource(TYPES.managedZone, "zone", { name: "example-com", dnsName: "example.com." })], "inside its declared zone");
    // During preview the static IP's address (rrdatas) is unknown: skipped, checked again on up.
    const unknown = dnsStack();
    const record = unknown[unknown.length - 1];
    record.props = new Proxy({ ...record.props } as Record<string, any>, {
        get: (target, p) => { if (p === "rrdatas") { throw new Error("array value at .rrdatas can't be known during preview"); } return target[p as string]; },
    });
    await stackPasses(dnsRecords, unknown, "rrdatas unknown during preview");
});

test("DNS: a record for another host, without trailing dot, outside its zone, or without IPv4 rrdatas fails", async () => {
    await stackFails(dnsRecords, dnsStack({ name: "milvus-dev.example.com." }),
        /DNS record dns \(A "milvus-dev.example.com."\) points at Milvus's load balancer, but the Ingress serves Milvus on milvus.example.com \(Ingress my-release-milvus\).*Set name to "milvus.example.com."/,
        "another host");
    await stackFails(dnsRecords, dnsStack({ name: DOMAIN }), /\(A "milvus.example.com"\) has no trailing dot: .*Set name to "milvus.example.com."/, "no trailing dot, linked");
    await stackFails(dnsRecords, dnsStack({ name: DOMAIN }, false), /has no trailing dot/, "no trailing dot, not linked");
    await stackFails(dnsRecords, [...dnsStack(), resource(TYPES.managedZone, "zone", { name: "example-com", dnsName: "example.org." })],
        /is not inside its managed zone "example-com" \(example.org.\)/, "outside the zone");
    await stackFails(dnsRecords, dnsStack({ rrdatas: [] }), /has no rrdatas/, "no rrdatas");
    await stackFails(dnsRecords, dnsStack({ rrdatas: ["milvus-lb.example.com."] }), /rrdata "milvus-lb.example.com.", which is not an IPv4 address/, "not an address");
    await stackFails(dnsRecords, dnsStack({ name: undefined }), /has no name/, "no name");
    const broken = dnsStack();
    broken[broken.length - 1].props = new Proxy({ ...broken[broken.length - 1].props } as Record<string, any>, {
        get: () => { throw new Error("boom"); },
    });
    await assert.rejects(validateStack(dnsRecords, broken), /boom/, "only unknown values are skipped, a bug is not");
});

// ---- milvus-rest-port-not-grpc -------------------------------------------------------------------------------

const restYaml = (http: string) => release(withUserYaml(USER_YAML.replace("    enabled: false\n", http)));

test("REST port: off, or on a port of its own, passes; with TLS off sharing the port is Milvus's cmux", async () => {
    await passes(restPort, release(releaseProps()), "REST off (the program without restApi)");
    await passes(restPort, release(withUserYaml(REST_USER_YAML)), "restApi: 8080");
    await passes(restPort, restYaml("    enabled: true\n    port: \"8443\"\n"), "another port, as a string");
    await passes(restPort, release(withUserYaml("common:\n  security:\n    tlsMode: 0\n")), "TLS off: milvus-tls-enabled's to report");
    await passes(restPort, release({ ...releaseProps(), chart: "redis" }), "not Milvus");
    const env = releaseProps();
    env.values.proxy.extraEnv = [{ name: "PROXY_HTTP_PORT", value: "8080" }, { name: "PROXY_HTTP_ENABLED", value: "true" }];
    await passes(restPort, release(env), "from the environment");
});

test("REST port: unset (Milvus's default shares 19530), 19530, the internal or metrics port, or unknowable fails while TLS is on", async () => {
    await fails(restPort, release(withUserYaml(USER_YAML.replace("proxy:\n  http:\n    enabled: false\n", ""))),
        /REST server shares the gRPC port 19530: proxy.http.enabled is unset, which Milvus takes as true and proxy.http.port is unset.*Milvus 2.6 refuses to start.*Set proxy.http.port to a port of its own \(8080/,
        "the Milvus defaults");
    await fails(restPort, restYaml("    enabled: true\n    port: 19530\n"), /REST server is on the gRPC port 19530 \(proxy.http.port = "19530"/, "19530");
    await fails(restPort, restYaml("    enabled: \"True\"\n    port: \"\"\n"), /shares the gRPC port 19530: proxy.http.enabled is true .* proxy.http.port is empty/, "empty port");
    const moved = withUserYaml(USER_YAML.replace("    enabled: false\n", "    enabled: true\n    port: 8443\n  port: 8443\n"));
    await fails(restPort, release(moved), /on the gRPC port 8443/, "proxy.port moved onto the REST port");
    await fails(restPort, restYaml("    enabled: true\n    port: 9091\n"), /is the metrics and \/healthz port/, "metrics port");
    await fails(restPort, restYaml("    enabled: true\n    port: 19529\n"), /proxy.internalPort/, "internal port");
    const env = releaseProps();
    env.values.proxy.extraEnv = [{ name: "PROXY_HTTP_ENABLED", value: "true" }];
    await fails(restPort, release(env), /proxy.http.enabled is true \(proxy.extraEnv PROXY_HTTP_ENABLED\)/, "the environment beats user.yaml");
    const fromSecret = releaseProps();
    fromSecret.values.proxy.extraEnv = [{ name: "PROXY_HTTP_ENABLED", valueFrom: { configMapKeyRef: { name: "x", key: "y" } } }];
    await fails(restPort, release(fromSecret), /takes proxy.http.enabled from proxy.extraEnv PROXY_HTTP_ENABLED \(valueFrom\)/, "valueFrom");
});

// ---- ingress-backend-services --------------------------------------------------------------------------------

test("backend Services: the REST Service (ClusterIP, NEG, HTTPS, its BackendConfig) and other apps' ClusterIP NEG Services pass", async () => {
    for (const policy of allPolicies) {
        assert.deepEqual(await validate(policy, restStack()), [], `${policy.name} on the restApi stack`);
    }
    await stackPasses(backendServices, goodStack(), "no Service besides the chart's");
    await stackPasses(backendServices, restStack({ service: (s) => { s.spec.ports[0].targetPort = 8080; delete s.spec.type; } }), "type unset is ClusterIP");
    await stackPasses(backendServices, restStack({ service: (s) => {
        s.metadata.annotations["cloud.google.com/backend-config"] = "{\"ports\":{\"rest\":\"my-release-milvus-rest-backend\"}}";
    } }), "a per-port BackendConfig");
    await stackPasses(backendServices, restStack({ ingress: (i) => { i.spec.rules[0].http.paths[0].backend.service.port = { name: "rest" }; } }), "by port name");
    const grpcToo = restStack({ service: (s) => {
        s.spec.ports.push({ name: "grpc", port: 19530, targetPort: "milvus" });
        s.metadata.annotations["cloud.google.com/app-protocols"] = "{\"rest\":\"HTTPS\",\"grpc\":\"HTTP2\"}";
    }, ingress: (i) => { i.spec.rules[0].http.paths.push({ path: "/milvus.proto.milvus.MilvusService", pathType: "Prefix",
        backend: { service: { name: "my-release-milvus-rest", port: { number: 19530 } } } }); } });
    await stackPasses(backendServices, grpcToo, "a second Service's gRPC port by container port name, HTTP2");
    const attu = resource(TYPES.service, "attu", { metadata: { name: "attu", namespace: "default", annotations: { "cloud.google.com/neg": "{\"ingress\":true}" } },
        spec: { selector: { app: "attu" }, ports: [{ port: 3000 }] } });
    await stackPasses(backendServices, [...restStack({ ingress: (i) => { i.spec.rules[0].http.paths.push({ path: "/ui", pathType: "Prefix",
        backend: { service: { name: "attu", port: { number: 3000 } } } }); } }), attu], "another app: ClusterIP and NEG only");
    await stackPasses(backendServices, restStack({ ingress: (i) => { i.spec.rules[0].http.paths.push({ path: "/ui", pathType: "Prefix",
        backend: { service: { name: "attu", port: { number: 3000 } } } }); } }), "a Service managed elsewhere, listed", { externalServiceNames: ["attu"] });
    const standalone = restStack({ release: (r) => { Object.assign(r, standaloneReleaseProps(), { values: { ...standaloneReleaseProps().values,
        extraConfigFiles: { "user.yaml": REST_USER_YAML } } }); }, service: (s) => { s.spec.selector.component = "standalone"; } });
    await stackPasses(backendServices, standalone, "standalone: the standalone pod serves REST");
});

test("backend Services: NodePort, no NEG, HTTP or HTTP2 for REST, no or an undeclared BackendConfig, a wrong port or pods fail", async () => {
    await stackFails(backendServices, restStack({ service: (s) => { s.spec.type = "NodePort"; } }),
        /Ingress my-release-milvus sends path "\/v2\/vectordb" \(Prefix\) of host milvus.example.com to Service my-release-milvus-rest; Service my-release-milvus-rest is type NodePort: .*Set spec.type to ClusterIP/,
        "NodePort");
    await stackFails(backendServices, restStack({ service: (s) => { delete s.metadata.annotations["cloud.google.com/neg"]; } }), /lacks cloud.google.com\/neg/, "no NEG");
    await stackFails(backendServices, restStack({ service: (s) => { s.metadata.annotations["cloud.google.com/app-protocols"] = "{\"rest\":\"HTTP2\"}"; } }),
        /maps port "rest" to "HTTP2", but it targets Milvus's REST port 8080: Milvus's REST listener speaks HTTP\/1.1 over TLS.*Set it to \{"rest":"HTTPS"\}/, "HTTP2 for REST");
    await stackFails(backendServices, restStack({ service: (s) => { delete s.metadata.annotations["cloud.google.com/app-protocols"]; } }), /maps port "rest" to null/, "no app-protocols (HTTP)");
    await stackFails(backendServices, restStack({ service: (s) => { delete s.spec.ports[0].name; } }), /port \(8080\) has no name: cloud.google.com\/app-protocols is keyed by port name/, "unnamed port");
    await stackFails(backendServices, restStack({ service: (s) => { delete s.metadata.annotations["cloud.google.com/backend-config"]; } }),
        /no BackendConfig applies to Service my-release-milvus-rest port "rest" \(8080\).*GET \/ over HTTPS, which Milvus's REST server answers with 404/, "no BackendConfig");
    await stackFails(backendServices, restStack().filter((r) => r.name !== "rest-backendconfig"),
        /names BackendConfig "my-release-milvus-rest-backend" .*declares no BackendConfig of that name in namespace default/, "undeclared BackendConfig");
    await stackFails(backendServices, restStack({ service: (s) => { s.spec.ports[0].targetPort = 8081; } }),
        /port "rest" \(8080\) targets 8081 on the Milvus proxy pods, which serve clients on 19530 \(gRPC\) and 8080 \(REST\)/, "wrong targetPort");
    await stackFails(backendServices, restStack({ release: (r) => { r.values.extraConfigFiles["user.yaml"] = USER_YAML; } }),
        /targets 8080 on the Milvus proxy pods, which serve clients on 19530 \(gRPC\) only: its REST server is off \(proxy.http.enabled false\)/, "REST off in Milvus");
    await stackFails(backendServices, restStack({ service: (s) => { s.spec.selector.component = "querynode"; } }),
        /selects the querynode pods of Milvus release my-release, but only its proxy pods serve clients.*Add component: proxy/, "querynode pods");
    await stackFails(backendServices, restStack({ service: (s) => { delete s.spec.selector.component; } }), /selects every pod of Milvus release my-release/, "every pod");
    await stackFails(backendServices, restStack({ ingress: (i) => { i.spec.rules[0].http.paths[0].backend.service.port = { number: 443 }; } }),
        /on port \{"number":443\}, which Service my-release-milvus-rest does not have/, "a port the Service lacks");
    await stackFails(backendServices, restStack({ ingress: (i) => { i.spec.rules[0].http.paths[0].backend = { service: { name: "rest-api", port: { number: 8080 } } }; } }),
        /to Service rest-api, which the stack does not declare in namespace default: .*externalServiceNames/, "undeclared Service");
    const grpcAsHttps = restStack({ service: (s) => { s.spec.ports.push({ name: "grpc", port: 19530 }); s.metadata.annotations["cloud.google.com/app-protocols"] = "{\"rest\":\"HTTPS\",\"grpc\":\"HTTPS\"}"; },
        ingress: (i) => { i.spec.rules[0].http.paths.push({ path: "/milvus.proto.milvus.MilvusService", pathType: "Prefix",
            backend: { service: { name: "my-release-milvus-rest", port: { name: "grpc" } } } }); } });
    await stackFails(backendServices, grpcAsHttps, /maps port "grpc" to "HTTPS", but it targets Milvus's gRPC port 19530: gRPC needs HTTP\/2/, "HTTPS for gRPC");
    const defaultBackend = restStack({ ingress: (i) => { i.spec.rules[0].http.paths = [{ path: "/", pathType: "Exact", backend: MILVUS_BACKEND }]; i.spec.defaultBackend = structuredClone(REST_BACKEND); },
        service: (s) => { s.spec.type = "LoadBalancer"; } });
    await stackFails(backendServices, defaultBackend, /sends the unmatched paths \(spec.defaultBackend\) of host milvus.example.com to Service my-release-milvus-rest; .*type LoadBalancer/, "a default backend");
});

test("the existing policies accept the REST Service, its BackendConfig and the /v2/vectordb path", async () => {
    const stack = restStack();
    await stackPasses(grpcRouting, stack, "/v2/vectordb cannot take a gRPC method");
    await stackPasses(stackConsistency, stack, "the Ingress still routes / to the Milvus Service on 19530");
    await passes(backendHealthCheck, stack.find((r) => r.name === "rest-backendconfig")!, "the REST BackendConfig's HTTP 9091 check");
    await passes(ingressHttpsOnly, stack.find((r) => r.type === TYPES.ingress)!, "two service backends");
    assert.equal(mayMatchGrpc({ path: "/v2/vectordb", pathType: "Prefix" }), false);
    await stackFails(grpcRouting, restStack({ ingress: (i) => { i.spec.rules[0].http.paths.push({ path: "/milvus.proto.milvus.MilvusService", pathType: "Prefix", backend: structuredClone(REST_BACKEND) }); } }),
        /sends "\/milvus.proto.milvus.MilvusService" \(Prefix\) of host milvus.example.com to Service my-release-milvus-rest: that path matches gRPC method paths/,
        "the REST Service must not take gRPC paths");
});

// ---- pack config files ---------------------------------------------------------------------------------------

const POLICY_DIR = path.resolve(__dirname, "..", "..");
// The stacks' pack configs, and those of the plan tests' stack files (test/stacks).
const packConfigFiles = [POLICY_DIR, path.join(POLICY_DIR, "test", "stacks")].filter((dir) => fs.existsSync(dir))
    .flatMap((dir) => fs.readdirSync(dir).filter((f) => /^policy-config\..*\.json$/.test(f)).map((f) => path.relative(POLICY_DIR, path.join(dir, f))));

test("pack config files: each names only this pack's policies, with valid levels and properties of their config schema", () => {
    assert.ok(packConfigFiles.includes("policy-config.prod.json"), "the README's policy-config.prod.json exists");
    const levels = ["advisory", "mandatory", "remediate", "disabled"];
    for (const file of packConfigFiles) {
        const pack = readPackConfig(path.join(POLICY_DIR, file));
        for (const [name, entry] of Object.entries(pack)) {
            const policy = allPolicies.find((p) => p.name === name);
            assert.ok(policy || name === "all", `${file}: ${name} is not a policy of this pack`);
            if (typeof entry === "string") {
                assert.ok(levels.includes(entry), `${file}: ${name}: ${entry}`);
                continue;
            }
            const { enforcementLevel, ...properties } = entry;
            assert.ok(enforcementLevel === undefined || levels.includes(enforcementLevel), `${file}: ${name}: ${enforcementLevel}`);
            for (const [property, value] of Object.entries(properties)) {
                const schema = policy?.configSchema?.properties[property];
                assert.ok(schema, `${file}: ${name} has no property ${property}`);
                assert.equal(Array.isArray(value) ? "array" : typeof value, schema.type, `${file}: ${name}.${property}`);
                assert.ok(schema.minimum === undefined || value >= schema.minimum, `${file}: ${name}.${property} below ${schema.minimum}`);
            }
        }
    }
});

test("pack config: policy-config.prod.json makes the maximum certificate lifetime blocking, and it still admits a one-year certificate", async () => {
    const pack = readPackConfig(path.join(POLICY_DIR, "policy-config.prod.json"));
    const settings = policySettings(pack, certValidity);
    assert.equal(settings.level, "mandatory");
    await passes(certValidity, cert({ validityPeriodHours: 8760 }), "one year under the prod config", settings.properties);
    await fails(certValidity, cert({ validityPeriodHours: 24 * 400 }), /more than 397 days/, "400 days under the prod config", settings.properties);
    for (const policy of allPolicies.filter((p) => p !== certValidity && p !== adoptedEndpointSecured)) {
        assert.equal(policySettings(pack, policy).level, "mandatory", `${policy.name} stays mandatory`);
    }
});

// ---- last: every policy was seen passing and failing above ---------------------------------------------------

test("every policy of the pack has at least one passing and one failing fixture in this file", () => {
    for (const policy of allPolicies) {
        const o = outcomes.get(policy.name);
        assert.ok(o && o.passed > 0, `${policy.name} has no passing fixture`);
        assert.ok(o && o.failed > 0, `${policy.name} has no failing fixture`);
    }
});
