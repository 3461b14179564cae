// Facts of the Milvus Helm chart and the GKE Layer-7 setup that the policies check against.
import { parse as parseYaml } from "yaml";

export const TYPES = {
    release: "kubernetes:helm.sh/v3:Release",
    backendConfig: "kubernetes:cloud.google.com/v1:BackendConfig",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    secret: "kubernetes:core/v1:Secret",
    managedCertificate: "kubernetes:networking.gke.io/v1:ManagedCertificate",
    frontendConfig: "kubernetes:networking.gke.io/v1beta1:FrontendConfig",
    globalAddress: "gcp:compute/globalAddress:GlobalAddress",
    privateKey: "tls:index/privateKey:PrivateKey",
    selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
} as const;

export const ANNOTATIONS = {
    appProtocols: "cloud.google.com/app-protocols",
    backendConfig: "cloud.google.com/backend-config",
    neg: "cloud.google.com/neg",
    ingressClass: "kubernetes.io/ingress.class",
    staticIpName: "kubernetes.io/ingress.global-static-ip-name",
    allowHttp: "kubernetes.io/ingress.allow-http",
    managedCertificates: "networking.gke.io/managed-certificates",
    frontendConfig: "networking.gke.io/v1beta1.FrontendConfig",
} as const;

export const HEALTH_CHECK = { type: "HTTP", port: 9091, requestPath: "/healthz" } as const;
export const DEFAULT_SERVICE_PORT = 19530;
export const DEFAULT_PORT_NAME = "milvus";
const CHART = "milvus";

export type Values = Record<string, any>;

export function isMilvusRelease(props: Record<string, any>): boolean {
    const chart = String(props.chart ?? "");
    return chart === CHART || chart.endsWith("/" + CHART);
}

export function values(props: Record<string, any>): Values {
    return isObject(props.values) ? props.values : {};
}

export function isObject(value: unknown): value is Record<string, any> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The chart's `milvus.fullname` (templates/_helpers.tpl): the name of the client Service. */
export function chartFullname(releaseName: string, vals: Values): string {
    const truncTrim = (s: string) => {
        const cut = s.substring(0, 63);
        return cut.endsWith("-") ? cut.substring(0, cut.length - 1) : cut;
    };
    if (typeof vals.fullnameOverride === "string" && vals.fullnameOverride !== "") {
        return truncTrim(vals.fullnameOverride);
    }
    const name = typeof vals.nameOverride === "string" && vals.nameOverride !== "" ? vals.nameOverride : CHART;
    return releaseName.includes(name) ? truncTrim(releaseName) : truncTrim(`${releaseName}-${name}`);
}

export function servicePortName(vals: Values): string {
    const name = vals.service?.portName;
    return typeof name === "string" && name !== "" ? name : DEFAULT_PORT_NAME;
}

export function servicePort(vals: Values): number {
    const port = Number(vals.service?.port);
    return Number.isInteger(port) && port > 0 ? port : DEFAULT_SERVICE_PORT;
}

export function clusterMode(vals: Values): boolean {
    return vals.cluster?.enabled !== false;
}

/** Milvus's user.yaml overrides, or undefined when absent or not YAML. */
export function userConfig(vals: Values): Values | undefined {
    const text = vals.extraConfigFiles?.["user.yaml"];
    if (typeof text !== "string") {
        return undefined;
    }
    try {
        const parsed = parseYaml(text);
        return isObject(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/** Annotation values GKE reads as JSON. */
export function jsonAnnotation(value: unknown): Record<string, any> | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    try {
        const parsed = JSON.parse(value);
        return isObject(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}

export function directoryOf(path: string): string {
    const index = path.lastIndexOf("/");
    return index <= 0 ? "/" : path.substring(0, index);
}

export function sameDirectory(a: string, b: string): boolean {
    const strip = (s: string) => (s.length > 1 && s.endsWith("/") ? s.substring(0, s.length - 1) : s);
    return strip(a) === strip(b);
}

/** Volumes and mounts of the pods that serve clients: the proxy in cluster mode, the standalone pod otherwise. */
export function clientPodMounts(vals: Values): { volumes: any[]; volumeMounts: any[] } {
    const global = { volumes: asArray(vals.volumes), volumeMounts: asArray(vals.volumeMounts) };
    if (!clusterMode(vals)) {
        return global;
    }
    // The chart adds the global volumes to every component, the proxy's own ones to the proxy only.
    return {
        volumes: [...asArray(vals.proxy?.volumes), ...global.volumes],
        volumeMounts: [...asArray(vals.proxy?.volumeMounts), ...global.volumeMounts],
    };
}

export function asArray(value: unknown): any[] {
    return Array.isArray(value) ? value : [];
}

export function metadata(props: Record<string, any>): { name?: string; namespace: string; annotations: Record<string, any> } {
    const meta = isObject(props.metadata) ? props.metadata : {};
    return {
        name: typeof meta.name === "string" ? meta.name : undefined,
        namespace: typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : "default",
        annotations: isObject(meta.annotations) ? meta.annotations : {},
    };
}

export function releaseNamespace(props: Record<string, any>): string {
    return typeof props.namespace === "string" && props.namespace !== "" ? props.namespace : "default";
}

/** Service backends of an Ingress: the default backend and every path's backend. */
export function ingressBackends(props: Record<string, any>): { name?: string; port: { number?: number; name?: string } }[] {
    const spec = isObject(props.spec) ? props.spec : {};
    const backends: any[] = [];
    if (spec.defaultBackend?.service) {
        backends.push(spec.defaultBackend.service);
    }
    for (const rule of asArray(spec.rules)) {
        for (const path of asArray(rule?.http?.paths)) {
            if (path?.backend?.service) {
                backends.push(path.backend.service);
            }
        }
    }
    return backends.map((s) => ({ name: s.name, port: isObject(s.port) ? s.port : {} }));
}

export function ingressHosts(props: Record<string, any>): string[] {
    return asArray(props.spec?.rules).map((r) => r?.host).filter((h): h is string => typeof h === "string");
}
