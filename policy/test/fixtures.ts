// A consistent self-managed stack in cluster mode, as the program declares it; tests break one thing at a time.
import type { PolicyResource } from "@pulumi/policy";
import { resource } from "./harness";
import { TYPES } from "../src/milvus";

export const USER_YAML = [
    "common:", "  security:", "    tlsMode: 1",
    "tls:", "  serverPemPath: /etc/milvus/certs/tls.crt", "  serverKeyPath: /etc/milvus/certs/tls.key", "",
].join("\n");

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

export function ingressProps(): Record<string, any> {
    return {
        metadata: {
            name: "my-release-milvus", namespace: "default",
            annotations: {
                "kubernetes.io/ingress.class": "gce",
                "kubernetes.io/ingress.global-static-ip-name": "milvus-dev-ip",
                "kubernetes.io/ingress.allow-http": "false",
            },
        },
        spec: {
            rules: [{ host: "milvus.example.com", http: { paths: [{ path: "/", pathType: "Prefix",
                backend: { service: { name: "my-release-milvus", port: { number: 19530 } } } }] } }],
            tls: [{ hosts: ["milvus.example.com"], secretName: "my-release-milvus-tls" }],
        },
    };
}

export function backendConfigProps(): Record<string, any> {
    return {
        metadata: { name: "my-release-milvus-backend", namespace: "default" },
        spec: { healthCheck: { type: "HTTP", port: 9091, requestPath: "/healthz" }, timeoutSec: 600 },
    };
}

export function goodStack(overrides: Partial<Record<string, Record<string, any>>> = {}): PolicyResource[] {
    return [
        resource(TYPES.globalAddress, "ip", overrides.address ?? { name: "milvus-dev-ip", addressType: "EXTERNAL" }, true),
        resource(TYPES.privateKey, "key", { algorithm: "RSA", rsaBits: 2048 }),
        resource(TYPES.selfSignedCert, "cert", { validityPeriodHours: 8760, privateKeyPem: "[secret]" }),
        resource(TYPES.secret, "secret", overrides.secret ?? { type: "kubernetes.io/tls", metadata: { name: "my-release-milvus-tls", namespace: "default" } }),
        resource(TYPES.backendConfig, "backendconfig", overrides.backendConfig ?? backendConfigProps()),
        resource(TYPES.release, "release", overrides.release ?? releaseProps()),
        resource(TYPES.ingress, "ingress", overrides.ingress ?? ingressProps()),
    ];
}
