// A consistent self-managed stack in cluster mode, as the program declares it; tests break one thing at a time.
import { generateKeyPairSync } from "crypto";
import type { PolicyResource } from "@pulumi/policy";
import { ROOT_STACK_TYPE, TEST_PROJECT, TEST_STACK, resource } from "./harness";
import { TYPES } from "../src/milvus";

export const USER_YAML = [
    "common:", "  security:", "    tlsMode: 1", "    authorizationEnabled: true",
    "tls:", "  serverPemPath: /etc/milvus/certs/tls.crt", "  serverKeyPath: /etc/milvus/certs/tls.key",
    "proxy:", "  http:", "    enabled: false", "",
].join("\n");

export const DOMAIN = "milvus.example.com";

export function releaseProps(): Record<string, any> {
    return {
        chart: "milvus", name: "my-release", namespace: "default", version: "5.0.19",
        values: {
            cluster: { enabled: true },
            service: {
                type: "ClusterIP",
                annotations: {
                    "cloud.google.com/app-protocols": "{\"milvus\":\"HTTP2\"}",
                    "cloud.google.com/backend-config": "{\"default\":\"my-release-milvus-backend\"}",
                    "cloud.google.com/neg": "{\"ingress\":true}",
                },
            },
            metrics: { enabled: true },
            extraConfigFiles: { "user.yaml": USER_YAML },
            proxy: {
                volumes: [{ name: "milvus-l7-tls", secret: { secretName: "my-release-milvus-tls" } }],
                volumeMounts: [{ name: "milvus-l7-tls", mountPath: "/etc/milvus/certs", readOnly: true }],
            },
        },
    };
}

/** The same release in standalone mode: the certificate reaches the standalone pod through the global volumes. */
export function standaloneReleaseProps(): Record<string, any> {
    const props = releaseProps();
    props.values.cluster.enabled = false;
    props.values.volumes = props.values.proxy.volumes;
    props.values.volumeMounts = props.values.proxy.volumeMounts;
    delete props.values.proxy;
    return props;
}

export function ingressProps(): Record<string, any> {
    return {
        metadata: {
            name: "my-release-milvus", namespace: "default",
            annotations: {
                "kubernetes.io/ingress.class": "gce",
                "kubernetes.io/ingress.global-static-ip-name": "milvus-dev-ip",
                "kubernetes.io/ingress.allow-http": "false",
                "networking.gke.io/v1beta1.FrontendConfig": "my-release-milvus-frontend",
            },
        },
        spec: {
            rules: [{ host: DOMAIN, http: { paths: [{ path: "/", pathType: "Prefix",
                backend: { service: { name: "my-release-milvus", port: { number: 19530 } } } }] } }],
            tls: [{ hosts: [DOMAIN], secretName: "my-release-milvus-tls" }],
        },
    };
}

export function backendConfigProps(): Record<string, any> {
    return {
        metadata: { name: "my-release-milvus-backend", namespace: "default" },
        spec: { healthCheck: { type: "HTTP", port: 9091, requestPath: "/healthz" }, timeoutSec: 600 },
    };
}

export const SSL_POLICY_NAME = "milvus-test-ssl";

/** The SSL policy the stack creates (sslPolicy: modern): MODERN, TLS 1.2 at least. */
export function sslPolicyProps(): Record<string, any> {
    return { name: SSL_POLICY_NAME, profile: "MODERN", minTlsVersion: "TLS_1_2", description: "Milvus L7 load balancer" };
}

/** The FrontendConfig the Ingress names: always the SSL policy, the redirect only with httpsRedirect. */
export function frontendConfigProps(): Record<string, any> {
    return { metadata: { name: "my-release-milvus-frontend", namespace: "default" }, spec: { sslPolicy: SSL_POLICY_NAME } };
}

export const REST_SERVICE = "my-release-milvus-rest";
export const REST_BACKEND = { service: { name: REST_SERVICE, port: { number: 8080 } } };

/** user.yaml with restApi: the REST server on a TLS port of its own. */
export const REST_USER_YAML = USER_YAML.replace("    enabled: false", "    enabled: true\n    port: 8080");

/** The REST API's Service (gke/MilvusRestApi.java): ClusterIP, NEG, HTTPS to the port "rest", its own BackendConfig. */
export function restServiceProps(): Record<string, any> {
    return {
        metadata: {
            name: REST_SERVICE, namespace: "default",
            annotations: {
                "cloud.google.com/app-protocols": "{\"rest\":\"HTTPS\"}",
                "cloud.google.com/backend-config": "{\"default\":\"my-release-milvus-rest-backend\"}",
                "cloud.google.com/neg": "{\"ingress\":true}",
            },
        },
        spec: {
            type: "ClusterIP",
            selector: { "app.kubernetes.io/name": "milvus", "app.kubernetes.io/instance": "my-release", component: "proxy" },
            ports: [{ name: "rest", port: 8080, targetPort: 8080, protocol: "TCP" }],
        },
    };
}

/** The stack with restApi: REST enabled on 8080, its Service and BackendConfig, and the Ingress path /v2/vectordb. */
export function restStack(edit: { release?: (p: Record<string, any>) => void; service?: (p: Record<string, any>) => void;
    ingress?: (p: Record<string, any>) => void } = {}): PolicyResource[] {
    const release = releaseProps();
    release.values.extraConfigFiles["user.yaml"] = REST_USER_YAML;
    const ingress = ingressProps();
    ingress.spec.rules[0].http.paths.unshift({ path: "/v2/vectordb", pathType: "Prefix", backend: structuredClone(REST_BACKEND) });
    const service = restServiceProps();
    const backendConfig = backendConfigProps();
    backendConfig.metadata.name = "my-release-milvus-rest-backend";
    edit.release?.(release);
    edit.service?.(service);
    edit.ingress?.(ingress);
    return [
        ...goodStack({ release, ingress }),
        resource(TYPES.service, "rest-service", service),
        resource(TYPES.backendConfig, "rest-backendconfig", backendConfig),
    ];
}

/** The A record the stack makes with dnsManagedZone, linked (dependsOn) to the static IP whose address it holds. */
export function dnsStack(record: Record<string, any> = {}, linked = true, base: PolicyResource[] = goodStack()): PolicyResource[] {
    const address = base.find((r) => r.type === TYPES.globalAddress);
    const dns = resource(TYPES.recordSet, "dns", { managedZone: "example-com", name: `${DOMAIN}.`, type: "A", ttl: 300,
        rrdatas: ["203.0.113.10"], ...record });
    dns.dependencies = linked && address ? [address] : [];
    return [...base, dns];
}

export function certProps(): Record<string, any> {
    return {
        privateKeyPem: "[secret]", validityPeriodHours: 8760, earlyRenewalHours: 720,
        dnsNames: [DOMAIN], subject: { commonName: DOMAIN },
        allowedUses: ["server_auth", "digital_signature", "key_encipherment"],
    };
}

/** The stack's outputs as the plan shows them (the certificate, never the key). */
export function outputsProps(): Record<string, any> {
    return {
        certificateMode: "self-managed",
        certificatePem: "-----BEGIN CERTIFICATE-----\nplaceholder\n-----END CERTIFICATE-----\n",
        domain: DOMAIN, endpoint: `${DOMAIN}:443`, port: 443, tlsSecretName: "my-release-milvus-tls",
    };
}

export function stackResource(outputs: Record<string, any>): PolicyResource {
    return { ...resource(ROOT_STACK_TYPE, `${TEST_PROJECT}-${TEST_STACK}`, outputs) };
}

export function goodStack(overrides: Partial<Record<string, Record<string, any>>> = {}): PolicyResource[] {
    return [
        stackResource(overrides.outputs ?? outputsProps()),
        resource(TYPES.globalAddress, "ip", overrides.address ?? { name: "milvus-dev-ip", addressType: "EXTERNAL" }, true),
        resource(TYPES.privateKey, "key", { algorithm: "RSA", rsaBits: 2048 }),
        resource(TYPES.selfSignedCert, "cert", overrides.cert ?? certProps()),
        resource(TYPES.secret, "secret", overrides.secret ?? { type: "kubernetes.io/tls", metadata: { name: "my-release-milvus-tls", namespace: "default" } }),
        resource(TYPES.backendConfig, "backendconfig", overrides.backendConfig ?? backendConfigProps()),
        resource(TYPES.release, "release", overrides.release ?? releaseProps()),
        resource(TYPES.ingress, "ingress", overrides.ingress ?? ingressProps()),
        resource(TYPES.sslPolicy, "sslpolicy", overrides.sslPolicy ?? sslPolicyProps()),
        resource(TYPES.frontendConfig, "frontendconfig", overrides.frontendConfig ?? frontendConfigProps()),
    ];
}

/** Private keys made at run time (no key material is committed): PKCS#8, SEC1 (EC) and PKCS#1 (RSA) PEM. */
export const PEM = (() => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    return {
        pkcs8: ec.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
        ec: ec.privateKey.export({ format: "pem", type: "sec1" }).toString(),
        rsa: rsa.privateKey.export({ format: "pem", type: "pkcs1" }).toString(),
        publicKey: ec.publicKey.export({ format: "pem", type: "spki" }).toString(),
    };
})();

export const base64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
