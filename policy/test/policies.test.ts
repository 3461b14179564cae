// Every policy has a passing and a failing fixture, run through the same functions the pack uses.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { resource, validateResource, validateStack } from "./harness";
import { backendConfigProps, goodStack, ingressProps, releaseProps } from "./fixtures";
import { TYPES, chartFullname } from "../src/milvus";
import {
    backendHealthCheck, certValidity, ingressHttpsOnly, keyStrength, milvusTls, serviceAnnotations,
    serviceClusterIp, stackConsistency, allPolicies,
} from "../src/policies";

const release = (props: Record<string, any>) => resource(TYPES.release, "release", props);
const ingress = (props: Record<string, any>) => resource(TYPES.ingress, "ingress", props);
const messages = (v: { message: string }[]) => v.map((x) => x.message).join("\n");

test("policies load without the pack's entry point (which would start the analyzer server)", () => {
    const entryPoint = require.resolve("../index");
    assert.ok(Object.keys(require.cache).some((file) => file.endsWith("policies.js")), "the policies are loaded");
    assert.ok(!(entryPoint in require.cache), `${entryPoint} was loaded`);
});

test("every policy is named, described and has an enforcement level", () => {
    assert.equal(allPolicies.length, 8);
    for (const policy of allPolicies) {
        assert.ok(policy.name && policy.description && policy.enforcementLevel, policy.name);
    }
    assert.equal(certValidity.enforcementLevel, "advisory");
});

test("service type: ClusterIP passes, LoadBalancer fails with the fix", () => {
    assert.deepEqual(validateResource(serviceClusterIp, release(releaseProps())), []);
    const props = releaseProps();
    props.values.service.type = "LoadBalancer";
    const v = validateResource(serviceClusterIp, release(props));
    assert.equal(v.length, 1);
    assert.match(v[0].message, /Service type is LoadBalancer.*Set the chart value service.type to ClusterIP/);
    assert.deepEqual(validateResource(serviceClusterIp, release({ ...props, chart: "redis" })), [], "other charts are not Milvus");
});

test("TLS: tlsMode 1 with the Secret mounted passes; tlsMode 0, missing paths or mount fail", () => {
    assert.deepEqual(validateResource(milvusTls, release(releaseProps())), []);
    const off = releaseProps();
    off.values.extraConfigFiles["user.yaml"] = "common:\n  security:\n    tlsMode: 0\n";
    assert.match(messages(validateResource(milvusTls, release(off))), /Milvus TLS is off \(common.security.tlsMode = 0/);
    const noPaths = releaseProps();
    noPaths.values.extraConfigFiles["user.yaml"] = "common:\n  security:\n    tlsMode: 1\n";
    assert.match(messages(validateResource(milvusTls, release(noPaths))), /serverPemPath \/ tls.serverKeyPath are not set/);
    const unmounted = releaseProps();
    unmounted.values.proxy.volumeMounts[0].mountPath = "/elsewhere";
    const v = validateResource(milvusTls, release(unmounted));
    assert.equal(v.length, 2);
    assert.match(v[0].message, /no Secret volume is mounted at \/etc\/milvus\/certs.*proxy.volumes\/proxy.volumeMounts \(cluster mode\)/);
});

test("TLS: standalone mode needs the global volumes", () => {
    const standalone = releaseProps();
    standalone.values.cluster.enabled = false;
    assert.equal(validateResource(milvusTls, release(standalone)).length, 2, "proxy volumes do not reach the standalone pod");
    standalone.values.volumes = standalone.values.proxy.volumes;
    standalone.values.volumeMounts = standalone.values.proxy.volumeMounts;
    delete standalone.values.proxy;
    assert.deepEqual(validateResource(milvusTls, release(standalone)), []);
});

test("annotations: HTTP2 keyed by the real port name", () => {
    assert.deepEqual(validateResource(serviceAnnotations, release(releaseProps())), []);
    const renamed = releaseProps();
    renamed.values.service.portName = "grpc";
    const v = validateResource(serviceAnnotations, release(renamed));
    assert.equal(v.length, 1);
    assert.match(v[0].message, /map the Service port name "grpc" to HTTP2.*\{"grpc":"HTTP2"\}/);
    const bare = releaseProps();
    bare.values.service.annotations = {};
    assert.equal(validateResource(serviceAnnotations, release(bare)).length, 3);
});

test("BackendConfig: HTTP 9091 /healthz passes, anything else fails", () => {
    assert.deepEqual(validateResource(backendHealthCheck, resource(TYPES.backendConfig, "bc", backendConfigProps())), []);
    const wrong = backendConfigProps();
    wrong.spec.healthCheck.port = 19530;
    assert.match(messages(validateResource(backendHealthCheck, resource(TYPES.backendConfig, "bc", wrong))), /port 9091 at \/healthz/);
});

test("Ingress: gce, static IP, HTTPS only, service backend", () => {
    assert.deepEqual(validateResource(ingressHttpsOnly, ingress(ingressProps())), []);
    const managed = ingressProps();
    delete managed.spec.tls;
    managed.metadata.annotations["networking.gke.io/managed-certificates"] = "my-cert";
    assert.deepEqual(validateResource(ingressHttpsOnly, ingress(managed)), [], "a managed certificate is HTTPS too");
    const redirected = ingressProps();
    redirected.metadata.annotations["kubernetes.io/ingress.allow-http"] = "true";
    redirected.metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"] = "redirect";
    assert.deepEqual(validateResource(ingressHttpsOnly, ingress(redirected)), []);

    const bad = ingressProps();
    bad.metadata.annotations = { "kubernetes.io/ingress.class": "nginx" };
    delete bad.spec.tls;
    const v = messages(validateResource(ingressHttpsOnly, ingress(bad)));
    assert.match(v, /set it to "gce"/);
    assert.match(v, /no kubernetes.io\/ingress.global-static-ip-name annotation/);
    assert.match(v, /serves no certificate/);
    assert.match(v, /serves plain HTTP on port 80/);
});

test("keys: RSA 2048+ and ECDSA P256+ pass, weaker fail", () => {
    for (const ok of [{ algorithm: "RSA", rsaBits: 2048 }, { algorithm: "RSA" }, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { algorithm: "ECDSA", ecdsaCurve: "P384" }]) {
        assert.deepEqual(validateResource(keyStrength, resource(TYPES.privateKey, "k", ok)), [], JSON.stringify(ok));
    }
    assert.match(messages(validateResource(keyStrength, resource(TYPES.privateKey, "k", { algorithm: "RSA", rsaBits: 1024 }))), /1024 bits is too weak/);
    assert.match(messages(validateResource(keyStrength, resource(TYPES.privateKey, "k", { algorithm: "ECDSA" }))), /P224 is too weak/);
    assert.match(messages(validateResource(keyStrength, resource(TYPES.privateKey, "k", { algorithm: "ED25519" }))), /not allowed/);
});

test("certificate validity: advisory above 397 days, configurable", () => {
    const cert = (hours: number) => resource(TYPES.selfSignedCert, "c", { validityPeriodHours: hours });
    assert.deepEqual(validateResource(certValidity, cert(8760)), []);
    assert.match(messages(validateResource(certValidity, cert(87600))), /3650 days\), more than 397 days/);
    assert.deepEqual(validateResource(certValidity, cert(87600), { maxCertValidityDays: 3650 }), [], "a team may loosen it");
});

test("stack: a consistent stack has no finding", () => {
    assert.deepEqual(validateStack(stackConsistency, goodStack()), []);
});

test("stack: names must agree across Service annotations, BackendConfig, Secret and Ingress", () => {
    const backend = backendConfigProps();
    backend.metadata.name = "other";
    assert.match(messages(validateStack(stackConsistency, goodStack({ backendConfig: backend }))), /names BackendConfig "my-release-milvus-backend".*declares no BackendConfig/);

    const wrongService = ingressProps();
    wrongService.spec.rules[0].http.paths[0].backend.service.name = "milvus";
    assert.match(messages(validateStack(stackConsistency, goodStack({ ingress: wrongService }))), /No gce Ingress routes to the Milvus Service "my-release-milvus"/);

    const wrongPort = ingressProps();
    wrongPort.spec.rules[0].http.paths[0].backend.service.port = { number: 9091 };
    assert.match(messages(validateStack(stackConsistency, goodStack({ ingress: wrongPort }))), /Milvus serves clients on 19530/);

    const wrongSecret = ingressProps();
    wrongSecret.spec.tls[0].secretName = "other-tls";
    assert.match(messages(validateStack(stackConsistency, goodStack({ ingress: wrongSecret }))), /presents Secret "other-tls", but Milvus mounts/);

    assert.match(messages(validateStack(stackConsistency, goodStack({ secret: { type: "Opaque", metadata: { name: "my-release-milvus-tls", namespace: "default" } } }))),
        /declares no kubernetes.io\/tls Secret of that name/);
});

test("stack: managed certificates and redirects must exist and match", () => {
    const managed = ingressProps();
    delete managed.spec.tls;
    managed.metadata.annotations["networking.gke.io/managed-certificates"] = "my-cert";
    assert.match(messages(validateStack(stackConsistency, goodStack({ ingress: managed }))), /ManagedCertificate "my-cert", which the stack does not declare/);
    const withCert = [...goodStack({ ingress: managed }), resource(TYPES.managedCertificate, "mc",
        { metadata: { name: "my-cert", namespace: "default" }, spec: { domains: ["other.example.com"] } })];
    assert.match(messages(validateStack(stackConsistency, withCert)), /covers \["other.example.com"\] but Ingress my-release-milvus serves \["milvus.example.com"\]: add the hosts/);

    const redirect = ingressProps();
    redirect.metadata.annotations["kubernetes.io/ingress.allow-http"] = "true";
    redirect.metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"] = "fc";
    const noRedirect = [...goodStack({ ingress: redirect }), resource(TYPES.frontendConfig, "fc",
        { metadata: { name: "fc", namespace: "default" }, spec: { redirectToHttps: { enabled: false } } })];
    assert.match(messages(validateStack(stackConsistency, noRedirect)), /does not redirect to HTTPS/);
});

test("stack: the static IP must exist and be protected", () => {
    const unprotected = goodStack().map((r) => r.type === TYPES.globalAddress ? resource(r.type, r.name, r.props, false) : r);
    assert.match(messages(validateStack(stackConsistency, unprotected)), /GlobalAddress "milvus-dev-ip" is not protected/);
    assert.match(messages(validateStack(stackConsistency, goodStack({ address: { name: "other-ip" } }))), /static IP "milvus-dev-ip", which the stack does not declare/);
});

test("chart naming follows the chart's helpers", () => {
    assert.equal(chartFullname("my-release", {}), "my-release-milvus");
    assert.equal(chartFullname("milvus-prod", {}), "milvus-prod");
    assert.equal(chartFullname("db", { nameOverride: "vectors" }), "db-vectors");
    assert.equal(chartFullname("x", { fullnameOverride: "a".repeat(62) + "-b" }), "a".repeat(62));
});

test("TLS: a subPath mount of each file also provides the certificate", () => {
    const props = releaseProps();
    props.values.proxy.volumeMounts = [
        { name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/tls.crt", subPath: "tls.crt" },
        { name: "milvus-l7-tls", mountPath: "/etc/milvus/certs/tls.key", subPath: "tls.key" },
    ];
    assert.deepEqual(validateResource(milvusTls, release(props)), []);
    props.values.proxy.volumeMounts[1].mountPath = "/etc/milvus/certs/other.key";
    assert.match(messages(validateResource(milvusTls, release(props))), /Milvus reads \/etc\/milvus\/certs\/tls.key, but no Secret volume/);
    const notSecret = releaseProps();
    notSecret.values.proxy.volumes = [{ name: "milvus-l7-tls", emptyDir: {} }];
    assert.equal(validateResource(milvusTls, release(notSecret)).length, 2, "an emptyDir holds no certificate");
});

test("service type: an empty type is the chart's ClusterIP, NodePort fails", () => {
    const empty = releaseProps();
    empty.values.service.type = "";
    assert.deepEqual(validateResource(serviceClusterIp, release(empty)), []);
    const nodePort = releaseProps();
    nodePort.values.service.type = "NodePort";
    assert.match(messages(validateResource(serviceClusterIp, release(nodePort))), /Service type is NodePort/);
});

test("Ingress: every spec.tls entry names its Secret", () => {
    const props = ingressProps();
    delete props.spec.tls[0].secretName;
    assert.match(messages(validateResource(ingressHttpsOnly, ingress(props))), /spec.tls entry without secretName/);
    const noBackend = ingressProps();
    noBackend.spec.rules = [];
    assert.match(messages(validateResource(ingressHttpsOnly, ingress(noBackend))), /must send traffic to the Milvus Service/);
});

test("certificate validity: the pack config's default (397 days) applies when unset; missing hours fail", () => {
    const cert = (props: Record<string, any>) => resource(TYPES.selfSignedCert, "c", props);
    assert.deepEqual(validateResource(certValidity, cert({ validityPeriodHours: 9528 })), [], "397 days exactly");
    assert.equal(validateResource(certValidity, cert({ validityPeriodHours: 9529 })).length, 1);
    assert.match(messages(validateResource(certValidity, cert({}))), /no validityPeriodHours/);
    assert.equal(certValidity.configSchema?.properties.maxCertValidityDays.default, 397);
});

test("stack: a release without a name has no predictable Service name", () => {
    const props = releaseProps();
    delete props.name;
    assert.match(messages(validateStack(stackConsistency, goodStack({ release: props }))), /has no name: .*Set the Release's name/);
});

test("stack: per-port backend-config names and the release's namespace count", () => {
    const perPort = releaseProps();
    perPort.values.service.annotations["cloud.google.com/backend-config"] = "{\"ports\":{\"milvus\":\"my-release-milvus-backend\"}}";
    assert.deepEqual(validateStack(stackConsistency, goodStack({ release: perPort })), []);
    perPort.values.service.annotations["cloud.google.com/backend-config"] = "{\"ports\":{\"milvus\":\"missing\"}}";
    assert.match(messages(validateStack(stackConsistency, goodStack({ release: perPort }))), /names BackendConfig "missing"/);

    const elsewhere = backendConfigProps();
    elsewhere.metadata.namespace = "milvus";
    assert.match(messages(validateStack(stackConsistency, goodStack({ backendConfig: elsewhere }))), /no BackendConfig of that name in namespace default/);

    const otherNamespace = ingressProps();
    otherNamespace.metadata.namespace = "web";
    const v = messages(validateStack(stackConsistency, goodStack({ ingress: otherNamespace })));
    assert.match(v, /Ingress my-release-milvus is in namespace web, the Milvus Service in default/);
    assert.match(v, /no kubernetes.io\/tls Secret of that name in namespace web/);
});

test("stack: a redirect FrontendConfig must be declared", () => {
    const redirect = ingressProps();
    redirect.metadata.annotations["kubernetes.io/ingress.allow-http"] = "true";
    redirect.metadata.annotations["networking.gke.io/v1beta1.FrontendConfig"] = "fc";
    assert.match(messages(validateStack(stackConsistency, goodStack({ ingress: redirect }))), /FrontendConfig "fc", which the stack does not declare/);
    const withRedirect = [...goodStack({ ingress: redirect }), resource(TYPES.frontendConfig, "fc",
        { metadata: { name: "fc", namespace: "default" }, spec: { redirectToHttps: { enabled: true } } })];
    assert.deepEqual(validateStack(stackConsistency, withRedirect), []);
});

test("stack: a managed certificate covering the hosts passes", () => {
    const managed = ingressProps();
    delete managed.spec.tls;
    managed.metadata.annotations["networking.gke.io/managed-certificates"] = "my-cert";
    const stack = [...goodStack({ ingress: managed }), resource(TYPES.managedCertificate, "mc",
        { metadata: { name: "my-cert", namespace: "default" }, spec: { domains: ["milvus.example.com"] } })];
    assert.deepEqual(validateStack(stackConsistency, stack), []);
});

test("stack: chart overrides move the Service name and port", () => {
    const props = releaseProps();
    props.values.fullnameOverride = "vectors";
    props.values.service.port = 443;
    assert.match(messages(validateStack(stackConsistency, goodStack({ release: props }))), /No gce Ingress routes to the Milvus Service "vectors"/);
    const routed = ingressProps();
    routed.spec.rules[0].http.paths[0].backend.service = { name: "vectors", port: { number: 443 } };
    assert.deepEqual(validateStack(stackConsistency, goodStack({ release: props, ingress: routed })), []);
    routed.spec.rules[0].http.paths[0].backend.service.port = { number: 19530 };
    assert.match(messages(validateStack(stackConsistency, goodStack({ release: props, ingress: routed }))), /Milvus serves clients on 443/);
});
