// Facts of the Milvus Helm chart (zilliztech `milvus` 5.0.19), of Milvus's own configuration loader and of the GKE
// Layer-7 setup that the policies check against. Pure functions of resource properties; no policy logic here.
import * as posix from "path/posix";
import { parse as parseYaml } from "yaml";

export const TYPES = {
    release: "kubernetes:helm.sh/v3:Release",
    backendConfig: "kubernetes:cloud.google.com/v1:BackendConfig",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    secret: "kubernetes:core/v1:Secret",
    managedCertificate: "kubernetes:networking.gke.io/v1:ManagedCertificate",
    frontendConfig: "kubernetes:networking.gke.io/v1beta1:FrontendConfig",
    globalAddress: "gcp:compute/globalAddress:GlobalAddress",
    sslPolicy: "gcp:compute/sSLPolicy:SSLPolicy",
    recordSet: "gcp:dns/recordSet:RecordSet",
    managedZone: "gcp:dns/managedZone:ManagedZone",
    service: "kubernetes:core/v1:Service",
    privateKey: "tls:index/privateKey:PrivateKey",
    selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
    stack: "pulumi:pulumi:Stack",
    stackReference: "pulumi:pulumi:StackReference",
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
/** The chart's second Service port (templates/service.yaml), present while metrics.enabled (the chart default). */
export const METRICS_PORT = { name: "metrics", port: 9091 } as const;
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

/** The ports of the chart's client Service: the Milvus port, and `metrics` (9091) unless metrics.enabled is false. */
export function servicePorts(vals: Values): { name: string; port: number }[] {
    const ports = [{ name: servicePortName(vals), port: servicePort(vals) }];
    if (vals.metrics?.enabled !== false) {
        ports.push({ ...METRICS_PORT });
    }
    return ports;
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

// ---- Milvus's configuration, as the serving process sees it ----------------------------------------------------
//
// Milvus (pkg/config, paramtable.BaseTable) reads milvus.yaml (the image), default.yaml (the chart's config.tpl, which
// sets no TLS key) and user.yaml (the chart mounts extraConfigFiles["user.yaml"] there, and only that key), later files
// winning; nested maps are flattened with "." and every key is compared after formatKey: lower case, without "/", "_"
// and ".". So `tls: {serverPemPath: x}`, `tls.serverPemPath: x` and `TLS: {SERVER_PEM_PATH: x}` are one setting.
// Environment variables beat the files (EnvSource has a higher priority than FileSource), with the same
// normalisation of their names (`TLS_SERVERPEMPATH`, and `MILVUS_CONF_TLS_SERVERPEMPATH` in newer releases); the
// chart passes `proxy.extraEnv` to the proxy and `standalone.extraEnv` to the standalone pod.

/** Milvus's formatKey: the spelling-independent form of a config key. */
export function milvusKey(key: string): string {
    return key.toLowerCase().replace(/[/_.]/g, "");
}

/** What Milvus's base milvus.yaml sets for the keys the policies read (used when nothing overrides them). */
export const MILVUS_DEFAULTS: Record<string, string> = {
    [milvusKey("common.security.tlsMode")]: "0",
    [milvusKey("proxy.port")]: String(DEFAULT_SERVICE_PORT),
    [milvusKey("proxy.internalPort")]: "19529",
    // The RESTful server is on by default; with no port of its own it shares proxy.port (cmux, plain text only).
    [milvusKey("proxy.http.enabled")]: "true",
    [milvusKey("proxy.http.port")]: "",
    [milvusKey("tls.serverPemPath")]: "configs/cert/server.pem",
    [milvusKey("tls.serverKeyPath")]: "configs/cert/server.key",
};

/** Go's strconv.ParseBool, as Milvus's paramtable reads a boolean (anything else is false). */
export function milvusBool(value: string | undefined): boolean {
    return ["1", "t", "T", "true", "TRUE", "True"].includes((value ?? "").trim());
}

/** Milvus's paramtable GetAsInt: the value as an integer (an empty or non-numeric value is 0). */
export function milvusInt(value: string | undefined): number {
    const n = Number((value ?? "").trim());
    return Number.isInteger(n) ? n : 0;
}

/** The working directory of the Milvus image: relative config paths resolve against it. */
export const MILVUS_WORKDIR = "/milvus";

export interface MilvusSetting {
    /** The value as Milvus reads it (a string), or undefined when it comes from somewhere the plan cannot show. */
    value?: string;
    /** Where it was set, for messages: e.g. `extraConfigFiles["user.yaml"] tls.serverPemPath`. */
    source: string;
}

export interface MilvusConfig {
    /** Settings by milvusKey; absent keys fall back to MILVUS_DEFAULTS. */
    settings: Map<string, MilvusSetting>;
    /** Why the configuration cannot be known or is ambiguous (invalid YAML, a key set twice, customConfigMap). */
    problems: string[];
}

/** The component whose pods serve clients: the proxy in cluster mode, the standalone pod otherwise. */
export function servingComponent(vals: Values): "proxy" | "standalone" {
    return clusterMode(vals) ? "proxy" : "standalone";
}

export function milvusConfig(vals: Values): MilvusConfig {
    const settings = new Map<string, MilvusSetting>();
    const problems: string[] = [];
    if (typeof vals.customConfigMap === "string" && vals.customConfigMap !== "") {
        problems.push(`customConfigMap is "${vals.customConfigMap}": the chart then mounts that ConfigMap as user.yaml and ignores ` +
            `extraConfigFiles, so the TLS settings cannot be checked; remove customConfigMap and put the settings in ` +
            `extraConfigFiles["user.yaml"]`);
    }
    const text = vals.extraConfigFiles?.["user.yaml"];
    if (text !== undefined && text !== null && typeof text !== "string") {
        problems.push(`extraConfigFiles["user.yaml"] is not a string: the chart writes it into the ConfigMap as the file's text`);
    } else if (typeof text === "string") {
        let parsed: unknown;
        try {
            parsed = parseYaml(text);
        } catch (e) {
            problems.push(`extraConfigFiles["user.yaml"] is not valid YAML (${String((e as Error).message).split("\n")[0]}): ` +
                `Milvus refuses to load it`);
        }
        if (parsed !== undefined && parsed !== null && !isObject(parsed)) {
            problems.push(`extraConfigFiles["user.yaml"] is not a YAML mapping: Milvus refuses to load it`);
        } else if (isObject(parsed)) {
            const seen = new Map<string, { path: string; value: string }>();
            flatten(parsed, "", (path, value) => {
                const key = milvusKey(path);
                const before = seen.get(key);
                if (before !== undefined && before.value !== value) {
                    problems.push(`extraConfigFiles["user.yaml"] sets ${before.path} = ${JSON.stringify(before.value)} and ` +
                        `${path} = ${JSON.stringify(value)}, which Milvus reads as one key: which one wins is undefined; set it once`);
                }
                seen.set(key, { path, value });
                settings.set(key, { value, source: `extraConfigFiles["user.yaml"] ${path}` });
            });
        }
    }
    const component = servingComponent(vals);
    for (const env of asArray(vals[component]?.extraEnv)) {
        if (typeof env?.name !== "string" || env.name === "") {
            continue;
        }
        const names = [env.name];
        if (env.name.startsWith("MILVUS_CONF_")) {
            names.push(env.name.substring("MILVUS_CONF_".length));
        }
        for (const name of names) {
            const key = milvusKey(name.toLowerCase().startsWith("milvus.") ? name.substring("milvus.".length) : name);
            const source = `${component}.extraEnv ${env.name}`;
            settings.set(key, env.valueFrom !== undefined && env.value === undefined
                ? { source: `${source} (valueFrom)` }
                : { value: env.value === undefined || env.value === null ? "" : String(env.value), source });
        }
    }
    return { settings, problems };
}

/** The setting Milvus uses for `key` (any spelling), falling back to milvus.yaml's default. */
export function milvusSetting(config: MilvusConfig, key: string): MilvusSetting & { isDefault: boolean } {
    const found = config.settings.get(milvusKey(key));
    return found !== undefined
        ? { ...found, isDefault: false }
        : { value: MILVUS_DEFAULTS[milvusKey(key)], source: "milvus.yaml default", isDefault: true };
}

/** Go yaml.v2 + cast.ToStringE, as Milvus flattens a file: nested maps joined with ".", scalars as strings. */
function flatten(node: Record<string, any>, prefix: string, leaf: (path: string, value: string) => void): void {
    for (const [k, v] of Object.entries(node)) {
        const path = prefix === "" ? String(k) : `${prefix}.${k}`;
        if (isObject(v)) {
            flatten(v, path, leaf);
        } else if (Array.isArray(v)) {
            leaf(path, v.map((item) => (isObject(item) ? JSON.stringify(item) : String(item ?? ""))).join(","));
        } else {
            leaf(path, v === null || v === undefined ? "" : String(v));
        }
    }
}

/** Places where TLS settings are sometimes put but Milvus never reads them (for hints in messages). */
export function ignoredTlsSettings(vals: Values): string[] {
    const places: string[] = [];
    if (vals.tls !== undefined) {
        places.push("top-level Helm value `tls`");
    }
    if (vals.common?.security !== undefined) {
        places.push("top-level Helm value `common.security`");
    }
    for (const [file, text] of Object.entries(isObject(vals.extraConfigFiles) ? vals.extraConfigFiles : {})) {
        if (file !== "user.yaml" && typeof text === "string" && /tlsmode|serverpempath|serverkeypath/i.test(text.replace(/[_.]/g, ""))) {
            places.push(`extraConfigFiles["${file}"] (the chart mounts only user.yaml)`);
        }
    }
    if (vals.proxy?.tls?.enabled === true) {
        places.push("`proxy.tls` (it only makes the chart create a Secret; it configures nothing in Milvus)");
    }
    return places;
}

// ---- the pods that serve clients -------------------------------------------------------------------------------

export interface ServingPod {
    component: "proxy" | "standalone";
    /** The pod's volumes: the chart's own, then the component's (proxy only), then the global ones. */
    volumes: any[];
    /** The serving container's volumeMounts, in the same order. */
    volumeMounts: any[];
    /** Where a user adds volumes for this pod, for messages. */
    where: string;
}

/**
 * Volumes and mounts of the pod that serves clients, as templates/proxy-deployment.yaml and
 * templates/standalone-deployment.yaml render them: the chart's own (config files, tools, data and log disks), the
 * proxy's `proxy.volumes`/`proxy.volumeMounts` (cluster mode only) and the global `volumes`/`volumeMounts`.
 */
export function servingPod(vals: Values): ServingPod {
    const component = servingComponent(vals);
    const volumes: any[] = [{ name: "tools", emptyDir: {} }, { name: "milvus-config", configMap: {} }];
    const volumeMounts: any[] = [{ name: "tools", mountPath: "/milvus/tools" }];
    if (typeof vals.customConfigMap === "string" && vals.customConfigMap !== "") {
        volumeMounts.push({ name: "milvus-config", mountPath: "/milvus/configs/user.yaml", subPath: "milvus.yaml" });
    } else {
        volumeMounts.push({ name: "milvus-config", mountPath: "/milvus/configs/default.yaml", subPath: "default.yaml" });
        volumeMounts.push({ name: "milvus-config", mountPath: "/milvus/configs/user.yaml", subPath: "user.yaml" });
    }
    if (vals.log?.persistence?.enabled === true) {
        volumes.push({ name: "milvus-logs-disk", persistentVolumeClaim: {} });
        volumeMounts.push({ name: "milvus-logs-disk", mountPath: String(vals.log.persistence.mountPath ?? "/milvus/logs") });
    }
    if (component === "standalone") {
        volumes.push({ name: "milvus-data-disk", persistentVolumeClaim: {} });
        volumeMounts.push({ name: "milvus-data-disk", mountPath: String(vals.standalone?.persistence?.mountPath ?? "/var/lib/milvus") });
        // standalone.disk.enabled defaults to true in the chart's values.yaml: unset means the emptyDir is there.
        // (A null in the values deletes the key when Helm merges them, and the template's `if` reads that as false.)
        const disk = vals.standalone?.disk?.enabled;
        if (disk === undefined || (disk !== null && disk !== false && disk !== "" && disk !== 0)) {
            volumes.push({ name: "disk", emptyDir: {} });
            volumeMounts.push({ name: "disk", mountPath: "/var/lib/milvus/data" });
        }
    }
    const own = userPodMounts(vals);
    return {
        component,
        volumes: [...volumes, ...own.volumes],
        volumeMounts: [...volumeMounts, ...own.volumeMounts],
        where: component === "proxy" ? "proxy.volumes/proxy.volumeMounts (cluster mode)" : "volumes/volumeMounts (standalone)",
    };
}

/** The volumes and mounts the Helm values add to the serving pod (without the chart's own). */
export function userPodMounts(vals: Values): { volumes: any[]; volumeMounts: any[] } {
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

/** Kept for callers of the earlier API: the user's volumes and mounts of the serving pod. */
export const clientPodMounts = userPodMounts;

/** The keys a `kubernetes.io/tls` Secret always has (the API server refuses one without them). */
export const TLS_SECRET_KEYS = ["tls.crt", "tls.key"] as const;

/** Where a path in the serving container comes from. */
export type FileOrigin =
    | { kind: "secret"; secretName: string; key: string; volume: string; mountPath: string }
    | { kind: "absent"; why: string };

function normalizeMountPath(p: string): string {
    const n = posix.normalize(p);
    return n.length > 1 && n.endsWith("/") ? n.substring(0, n.length - 1) : n;
}

function relativeVolumePath(p: string): string {
    return posix.normalize(p).replace(/^(\.\/)+/, "").replace(/\/+$/, "");
}

/**
 * Resolves `file` (as Milvus opens it: relative to the image's working directory) in the serving container the way
 * the kubelet lays out volumes: the deepest volumeMount containing the path wins; `subPath` selects an entry of the
 * volume; a Secret volume holds its keys (all of them, or only those `items` projects, under their `path`), a
 * projected volume the files of its Secret sources. The Secret is assumed to be a kubernetes.io/tls one, whose keys
 * are tls.crt and tls.key (the stack policy checks the Secret itself).
 */
export function resolveFile(pod: ServingPod, file: string): FileOrigin {
    const abs = posix.resolve(MILVUS_WORKDIR, file);
    const containing = pod.volumeMounts
        .filter((m) => typeof m?.mountPath === "string" && m.mountPath !== "")
        .map((m) => ({ mount: m, path: normalizeMountPath(m.mountPath) }))
        .filter(({ path }) => abs === path || abs.startsWith(path === "/" ? "/" : path + "/"));
    if (containing.length === 0) {
        return { kind: "absent", why: `no volume is mounted at ${directoryOf(abs)} (or above it), so the path is in the image's ` +
            `own file system, which has no certificate for this domain` };
    }
    const deepest = Math.max(...containing.map((c) => c.path.length));
    const winners = containing.filter((c) => c.path.length === deepest);
    if (winners.length > 1) {
        return { kind: "absent", why: `${winners.length} volumeMounts use mountPath ${winners[0].path}, which Kubernetes refuses (must be unique)` };
    }
    const { mount, path: mountPath } = winners[0];
    const named = pod.volumes.filter((v) => v?.name === mount.name);
    if (named.length !== 1) {
        return { kind: "absent", why: named.length === 0
            ? `the volumeMount at ${mountPath} names volume "${mount.name}", which the pod does not have (add it to ${pod.where})`
            : `the pod has ${named.length} volumes named "${mount.name}", which Kubernetes refuses` };
    }
    const volume = named[0];
    if (typeof mount.subPathExpr === "string" && mount.subPathExpr !== "") {
        return { kind: "absent", why: `the volumeMount at ${mountPath} uses subPathExpr, whose result is only known in the pod; use subPath` };
    }
    const rest = abs === mountPath ? "" : abs.substring(mountPath === "/" ? 1 : mountPath.length + 1);
    const subPath = typeof mount.subPath === "string" && mount.subPath !== "" ? relativeVolumePath(mount.subPath) : "";
    const inVolume = [subPath, rest].filter((s) => s !== "").join("/");
    if (inVolume === "") {
        return { kind: "absent", why: `${abs} is where volume "${volume.name}" itself is mounted: a directory, not a file (mount it at ` +
            `${directoryOf(abs)}, or add subPath with the file's key)` };
    }
    const files = volumeFiles(volume);
    if (files === undefined) {
        const kind = Object.keys(volume).find((k) => k !== "name") ?? "unknown";
        return { kind: "absent", why: `volume "${volume.name}" mounted at ${mountPath} is a ${kind} volume, not a Secret` };
    }
    const entry = files.find((f) => f.path === inVolume);
    if (entry === undefined) {
        const isDirectory = files.some((f) => f.path.startsWith(inVolume + "/"));
        const listing = files.map((f) => f.path).join(", ") || "nothing";
        return { kind: "absent", why: isDirectory
            ? `${abs} is a directory of volume "${volume.name}", not a file`
            : `volume "${volume.name}" mounted at ${mountPath}${subPath ? ` (subPath ${subPath})` : ""} has no file ${inVolume}: ` +
              `it holds ${listing}${files.some((f) => f.projected) ? " (its items projection)" : ""}` };
    }
    if (entry.secretName === undefined) {
        return { kind: "absent", why: `${abs} comes from a ${entry.source} source of volume "${volume.name}", not from a Secret` };
    }
    if (!(TLS_SECRET_KEYS as readonly string[]).includes(entry.key)) {
        return { kind: "absent", why: `volume "${volume.name}" maps ${inVolume} to key "${entry.key}" of Secret "${entry.secretName}", ` +
            `which a kubernetes.io/tls Secret does not have (its keys are ${TLS_SECRET_KEYS.join(" and ")}), so the pod cannot mount it` };
    }
    return { kind: "secret", secretName: entry.secretName, key: entry.key, volume: volume.name, mountPath };
}

interface VolumeFile { path: string; key: string; secretName?: string; source: string; projected: boolean }

/** The files of a Secret or projected volume (undefined for any other kind). */
function volumeFiles(volume: Record<string, any>): VolumeFile[] | undefined {
    const secretFiles = (secretName: unknown, items: unknown): VolumeFile[] => {
        const name = typeof secretName === "string" ? secretName : "";
        if (Array.isArray(items) && items.length > 0) {
            return items.filter((i) => typeof i?.key === "string" && typeof i?.path === "string")
                .map((i) => ({ path: relativeVolumePath(i.path), key: i.key, secretName: name, source: "secret", projected: true }));
        }
        return TLS_SECRET_KEYS.map((key) => ({ path: key, key, secretName: name, source: "secret", projected: false }));
    };
    if (isObject(volume.secret)) {
        return secretFiles(volume.secret.secretName, volume.secret.items);
    }
    if (isObject(volume.projected)) {
        return asArray(volume.projected.sources).flatMap((source): VolumeFile[] => {
            if (isObject(source?.secret)) {
                return secretFiles(source.secret.name, source.secret.items);
            }
            const kind = isObject(source) ? Object.keys(source)[0] ?? "unknown" : "unknown";
            const items = asArray(isObject(source) ? source[kind]?.items : undefined);
            return items.filter((i) => typeof i?.path === "string")
                .map((i) => ({ path: relativeVolumePath(i.path), key: String(i.key ?? ""), source: kind, projected: true }));
        });
    }
    return undefined;
}

// ---- Ingress routing -----------------------------------------------------------------------------------------

export interface ServiceBackend { name?: string; port: { number?: number; name?: string } }

/** Service backends of an Ingress: the default backend and every path's backend. */
export function ingressBackends(props: Record<string, any>): ServiceBackend[] {
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
    return backends.map(toBackend);
}

function toBackend(s: any): ServiceBackend {
    return { name: typeof s?.name === "string" ? s.name : undefined, port: isObject(s?.port) ? s.port : {} };
}

export function ingressHosts(props: Record<string, any>): string[] {
    return asArray(props.spec?.rules).map((r) => r?.host).filter((h): h is string => typeof h === "string" && h !== "");
}

export interface IngressPath { path: string; pathType: string; backend?: ServiceBackend }

/** The Ingress's paths grouped by host as the GCE controller builds its URL map ("*" for rules without a host). */
export function ingressHostGroups(props: Record<string, any>): Map<string, IngressPath[]> {
    const groups = new Map<string, IngressPath[]>();
    for (const rule of asArray(props.spec?.rules)) {
        const host = typeof rule?.host === "string" && rule.host !== "" ? rule.host : "*";
        const paths = groups.get(host) ?? [];
        for (const p of asArray(rule?.http?.paths)) {
            paths.push({
                path: typeof p?.path === "string" ? p.path : "",
                pathType: typeof p?.pathType === "string" ? p.pathType : "ImplementationSpecific",
                backend: p?.backend?.service ? toBackend(p.backend.service) : undefined,
            });
        }
        groups.set(host, paths);
    }
    return groups;
}

export function ingressDefaultBackend(props: Record<string, any>): ServiceBackend | undefined {
    const service = props.spec?.defaultBackend?.service;
    return service ? toBackend(service) : undefined;
}

/**
 * A path that takes every request of its host: pathType Prefix "/" (GKE makes it "/*"), or ImplementationSpecific "/*"
 * (the GCE URL map's own wildcard). An ImplementationSpecific or Exact "/" matches the request path "/" only.
 */
export function isCatchAll(p: IngressPath): boolean {
    return (p.pathType === "Prefix" && p.path.replace(/\/+$/, "") === "") || (p.pathType === "ImplementationSpecific" && p.path === "/*");
}

/**
 * Whether a path could match a gRPC request path `/<package>.<Service>/<Method>` (every Milvus call has one, e.g.
 * /milvus.proto.milvus.MilvusService/Search), and so take gRPC calls away from the backend of the catch-all path.
 */
export function mayMatchGrpc(p: IngressPath): boolean {
    const wildcard = p.pathType === "Prefix" || p.path.endsWith("/*");
    const segments = p.path.replace(/\*$/, "").split("/").filter((s) => s !== "");
    if (wildcard) {
        return segments.length === 0 || (segments[0].includes(".") && segments.length <= 2);
    }
    return segments.length === 2 && segments[0].includes(".");
}

// ---- certificate names ----------------------------------------------------------------------------------------

/** Whether a certificate name covers a host name (RFC 6125: a wildcard is the whole left-most label and covers one label). */
export function nameCovers(certName: string, host: string): boolean {
    const c = certName.toLowerCase().replace(/\.$/, "");
    const h = host.toLowerCase().replace(/\.$/, "");
    if (c === h) {
        return true;
    }
    if (!c.startsWith("*.") || c.indexOf("*", 1) >= 0) {
        return false;
    }
    const parent = c.substring(2);
    const dot = h.indexOf(".");
    return parent.includes(".") && dot > 0 && !h.substring(0, dot).includes("*") && h.substring(dot + 1) === parent;
}

// ---- Services the chart's pods back ---------------------------------------------------------------------------

/**
 * The labels by which a Service selects the pods that serve clients (the chart's `milvus.matchLabels` plus the
 * component): `app.kubernetes.io/name` (nameOverride, else "milvus"), `app.kubernetes.io/instance` (the release) and
 * `component` (proxy in cluster mode, standalone otherwise).
 */
export function servingPodLabels(releaseName: string, vals: Values): Record<string, string> {
    const name = typeof vals.nameOverride === "string" && vals.nameOverride !== "" ? vals.nameOverride : CHART;
    const cut = name.substring(0, 63);
    return {
        "app.kubernetes.io/name": cut.endsWith("-") ? cut.substring(0, cut.length - 1) : cut,
        "app.kubernetes.io/instance": releaseName,
        component: servingComponent(vals),
    };
}

/** Container ports of the chart's proxy and standalone containers, by name (a Service's targetPort may name one). */
export function chartContainerPort(name: string, grpcPort: number): number | undefined {
    return name === DEFAULT_PORT_NAME ? grpcPort : name === METRICS_PORT.name ? METRICS_PORT.port : undefined;
}

/** A Kubernetes Service's port entries as declared (spec.ports). */
export interface ServicePortEntry { name?: string; port?: number; targetPort?: number | string }

export function servicePortEntries(props: Record<string, any>): ServicePortEntry[] {
    return asArray(props.spec?.ports).filter(isObject).map((p) => ({
        name: typeof p.name === "string" && p.name !== "" ? p.name : undefined,
        port: Number.isInteger(Number(p.port)) ? Number(p.port) : undefined,
        targetPort: typeof p.targetPort === "string" && p.targetPort !== "" && !/^\d+$/.test(p.targetPort)
            ? p.targetPort
            : p.targetPort === undefined || p.targetPort === null || p.targetPort === "" ? undefined : Number(p.targetPort),
    }));
}

// ---- Google Cloud SSL policies --------------------------------------------------------------------------------

export const SSL_POLICY = {
    /** minTlsVersion values at TLS 1.2 or above; GCP's default when unset is TLS_1_0. */
    minTlsVersions: ["TLS_1_2", "TLS_1_3"],
    defaultMinTlsVersion: "TLS_1_0",
    /** Google's pre-configured profiles (no customFeatures); GCP's default when unset is COMPATIBLE. */
    profiles: ["COMPATIBLE", "MODERN", "RESTRICTED", "FIPS_202205"],
    defaultProfile: "COMPATIBLE",
    /**
     * Cipher suites a CUSTOM profile must not enable (CIS Google Cloud Platform Foundations Benchmark 3.9): static RSA
     * key exchange, which has no forward secrecy, and 3DES, a 64-bit block cipher (Sweet32).
     */
    weakFeatures: [
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_RSA_WITH_AES_128_CBC_SHA",
        "TLS_RSA_WITH_AES_256_CBC_SHA",
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    ],
} as const;

// ---- values CrossGuard cannot know yet -------------------------------------------------------------------------

/**
 * Reads a property that may be unknown during preview (CrossGuard's props throw on access to an unknown value, e.g.
 * a DNS record's rrdatas before the static IP exists): `known: false` then, and the policy checks it again on `up`.
 */
export function readKnown<T>(get: () => T): { known: true; value: T } | { known: false } {
    try {
        return { known: true, value: get() };
    } catch (e) {
        // @pulumi/policy's UnknownValueError: "<type> value at .<path> can't be known during preview". Anything else is
        // a bug, and rethrown.
        if ((e as Error)?.constructor?.name === "UnknownValueError" || /can't be known during preview/.test(String((e as Error)?.message))) {
            return { known: false };
        }
        throw e;
    }
}
