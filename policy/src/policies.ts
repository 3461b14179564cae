// The policies, importable without constructing a PolicyPack (whose constructor starts a server).
// Each check is a pure function from properties (or a stack's resources) to violation messages; the CrossGuard policy
// objects below only pick the resource type and report. A check may be async: the wrappers await it, as the analyzer
// awaits the validation. Every message says what is wrong and how to fix it.
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { allowedKeyProperties, findPrivateKeys } from "./keys";
import {
    ANNOTATIONS, DEFAULT_SERVICE_PORT, HEALTH_CHECK, IngressPath, METRICS_PORT, MILVUS_WORKDIR, SSL_POLICY, ServiceBackend, TYPES, Values, asArray,
    chartContainerPort, chartFullname, ignoredTlsSettings, ingressBackends, ingressDefaultBackend, ingressHostGroups, ingressHosts,
    isCatchAll, isMilvusRelease, isObject, jsonAnnotation, mayMatchGrpc, metadata, milvusBool, milvusConfig, milvusInt,
    milvusSetting, nameCovers, readKnown, releaseNamespace, resolveFile, servicePort, servicePortEntries, servicePortName,
    servicePorts, servingComponent, servingPod, servingPodLabels, values,
} from "./milvus";
import { securityPolicies } from "./security";

type Props = Record<string, any>;
type Config = Record<string, any>;
type Check = (props: Props, config: Config, type: string) => string[] | Promise<string[]>;

interface PolicyOptions {
    enforcementLevel?: EnforcementLevel;
    severity?: "low" | "medium" | "high" | "critical";
    configSchema?: PolicyConfigSchema;
}

export type CheckedResourcePolicy = ResourceValidationPolicy & { check: Check; type?: string };

/** A resource policy for one type (or every type when `type` is undefined) that reports each message of `check`. */
function resourcePolicy(name: string, description: string, type: string | undefined, check: Check,
                        options: PolicyOptions = {}): CheckedResourcePolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        ...options,
        type,
        check,
        validateResource: async (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            if (type !== undefined && args.type !== type) {
                return;
            }
            for (const message of await check(args.props, args.getConfig<Config>(), args.type)) {
                reportViolation(message);
            }
        },
    };
}

// 1. No Layer-4 load balancer left behind.
export function checkServiceType(props: Props): string[] {
    if (!isMilvusRelease(props)) {
        return [];
    }
    const type = values(props).service?.type;
    return type === undefined || type === null || type === "" || type === "ClusterIP" ? [] : [
        `Milvus Service type is ${type}: the Layer-7 load balancer reaches Milvus through NEGs, so a ${type} Service ` +
        `only adds a second, Layer-4 entry point. Set the chart value service.type to ClusterIP.`,
    ];
}

function ignoredHint(vals: Values): string {
    const ignored = ignoredTlsSettings(vals);
    return ignored.length === 0 ? "" : ` (Milvus does not read ${ignored.join(", ")}.)`;
}

// 2. TLS on, one-way: common.security.tlsMode exactly 1 where Milvus reads it.
export function checkMilvusTls(props: Props): string[] {
    if (!isMilvusRelease(props)) {
        return [];
    }
    const vals = values(props);
    const config = milvusConfig(vals);
    const problems = config.problems.map((p) => `Milvus's TLS configuration cannot be verified: ${p}.`);
    const mode = milvusSetting(config, "common.security.tlsMode");
    const hint = ignoredHint(vals);
    if (mode.value === undefined) {
        problems.push(`Milvus takes common.security.tlsMode from ${mode.source}, whose value the plan cannot show: set it to 1 ` +
            `literally (extraConfigFiles["user.yaml"] common.security.tlsMode: 1), so the one-way TLS the load balancer needs is certain.`);
        return problems;
    }
    const text = mode.value.trim();
    const n = /^\+?\d+$/.test(text) ? parseInt(text, 10) : NaN;
    const where = `common.security.tlsMode = ${JSON.stringify(mode.value)}, ${mode.isDefault ? "unset, so milvus.yaml's default" : mode.source}`;
    if (n === 1) {
        return problems;
    }
    if (n === 2) {
        problems.push(`Milvus TLS is mutual (${where}): with tlsMode 2 Milvus demands a client certificate, and the Google Cloud ` +
            `L7 load balancer presents none, so every connection from the load balancer fails the handshake and the backends ` +
            `stay unhealthy. Set common.security.tlsMode: 1 (one-way TLS) in extraConfigFiles["user.yaml"].${hint}`);
    } else if (n === 0 || text === "") {
        problems.push(`Milvus TLS is off (${where}): GKE's load balancer speaks HTTP/2 to the backend only over TLS, so it cannot ` +
            `reach a plain-text gRPC port. Set common.security.tlsMode: 1 and tls.serverPemPath / tls.serverKeyPath in ` +
            `extraConfigFiles["user.yaml"].${hint}`);
    } else {
        problems.push(`Milvus tlsMode is not 1 (${where}): only one-way TLS (1) works behind the Google Cloud L7 load balancer ` +
            `(0 is plain text, 2 needs a client certificate the load balancer does not have). Set common.security.tlsMode: 1.${hint}`);
    }
    return problems;
}

// 3. The certificate and key Milvus is configured with exist in the pods that serve clients.
const TLS_FILES = [
    { setting: "tls.serverPemPath", key: "tls.crt", what: "certificate" },
    { setting: "tls.serverKeyPath", key: "tls.key", what: "private key" },
] as const;

export function checkMilvusTlsFiles(props: Props): string[] {
    if (!isMilvusRelease(props)) {
        return [];
    }
    const vals = values(props);
    const config = milvusConfig(vals);
    const pod = servingPod(vals);
    const problems: string[] = [];
    const secrets = new Set<string>();
    for (const file of TLS_FILES) {
        const setting = milvusSetting(config, file.setting);
        const example = `/etc/milvus/certs/${file.key}`;
        if (setting.value === undefined) {
            problems.push(`Milvus takes ${file.setting} from ${setting.source}, whose value the plan cannot show: set it literally in ` +
                `extraConfigFiles["user.yaml"] to the mounted Secret's ${file.key} (e.g. ${example}).`);
            continue;
        }
        if (setting.value.trim() === "") {
            problems.push(`Milvus's ${file.setting} is empty (${setting.source}): point it at the ${file.what} of the mounted ` +
                `kubernetes.io/tls Secret (its ${file.key} key, e.g. ${example}).`);
            continue;
        }
        const origin = resolveFile(pod, setting.value);
        const named = setting.isDefault
            ? `${file.setting} is not set, so Milvus reads its default ${setting.value} (relative to ${MILVUS_WORKDIR})`
            : `Milvus reads ${file.setting} = ${setting.value} (${setting.source})`;
        if (origin.kind === "absent") {
            problems.push(`${named}, but that file does not exist in the ${pod.component} pods that serve clients: ${origin.why}. ` +
                `Mount the kubernetes.io/tls Secret in ${pod.where} so that ${file.setting} names its ${file.key} key ` +
                `(a Secret volume mounted at the file's directory, with items that keep ${file.key}, or a subPath mount of ` +
                `${file.key} at the file).${ignoredHint(vals)}`);
        } else if (origin.key !== file.key) {
            problems.push(`${named}, which is key "${origin.key}" of Secret "${origin.secretName}", not its ${file.what} ` +
                `"${file.key}": Milvus cannot load the ${file.what} from it. Point ${file.setting} at the file holding ${file.key}.`);
        } else {
            secrets.add(origin.secretName);
        }
    }
    if (secrets.size > 1) {
        problems.push(`Milvus's certificate and private key come from different Secrets (${[...secrets].join(", ")}): the key ` +
            `must be the certificate's own. Take tls.serverPemPath and tls.serverKeyPath from one kubernetes.io/tls Secret.`);
    }
    return problems;
}

/** The Secrets Milvus's certificate and key come from (empty when they do not resolve; the policy above reports that). */
export function milvusTlsSecrets(vals: Values): string[] {
    const config = milvusConfig(vals);
    const pod = servingPod(vals);
    const secrets = new Set<string>();
    for (const file of TLS_FILES) {
        const setting = milvusSetting(config, file.setting);
        if (setting.value !== undefined && setting.value.trim() !== "") {
            const origin = resolveFile(pod, setting.value);
            if (origin.kind === "secret" && origin.secretName !== "") {
                secrets.add(origin.secretName);
            }
        }
    }
    return [...secrets];
}

// 4. The three GKE annotations, HTTP2 keyed by the real port name.
export function checkServiceAnnotations(props: Props): string[] {
    if (!isMilvusRelease(props)) {
        return [];
    }
    const vals = values(props);
    const annotations = isObject(vals.service?.annotations) ? vals.service.annotations : {};
    const portName = servicePortName(vals);
    const problems: string[] = [];
    const protocols = jsonAnnotation(annotations[ANNOTATIONS.appProtocols]);
    if (protocols?.[portName] !== "HTTP2") {
        problems.push(`Milvus Service annotation ${ANNOTATIONS.appProtocols} must map the Service port name "${portName}" to HTTP2 ` +
            `(found ${JSON.stringify(annotations[ANNOTATIONS.appProtocols] ?? null)}): set it to {"${portName}":"HTTP2"} ` +
            `in service.annotations, or gRPC will not pass the load balancer.`);
    }
    const backend = jsonAnnotation(annotations[ANNOTATIONS.backendConfig]);
    if (typeof backend?.default !== "string" && !isObject(backend?.ports)) {
        problems.push(`Milvus Service annotation ${ANNOTATIONS.backendConfig} is missing or not {"default":"<BackendConfig name>"}: ` +
            `without it the load balancer health-checks the gRPC port and marks Milvus unhealthy.`);
    }
    if (jsonAnnotation(annotations[ANNOTATIONS.neg])?.ingress !== true) {
        problems.push(`Milvus Service annotation ${ANNOTATIONS.neg} must be {"ingress":true} (container-native load balancing ` +
            `through NEGs, which HTTP/2 backends need): add it to service.annotations.`);
    }
    return problems;
}

// 5. A per-port backend-config names ports the Service has, and the Milvus port gets a BackendConfig.
export function checkBackendConfigPorts(props: Props): string[] {
    if (!isMilvusRelease(props)) {
        return [];
    }
    const vals = values(props);
    const annotations = isObject(vals.service?.annotations) ? vals.service.annotations : {};
    const annotation = jsonAnnotation(annotations[ANNOTATIONS.backendConfig]);
    if (annotation === undefined) {
        return []; // missing or not JSON: milvus-service-gke-annotations reports it
    }
    const ports = servicePorts(vals);
    const listing = ports.map((p) => `"${p.name}" (${p.port})`).join(" and ");
    const problems: string[] = [];
    if (annotation.default !== undefined && (typeof annotation.default !== "string" || annotation.default === "")) {
        problems.push(`Milvus Service annotation ${ANNOTATIONS.backendConfig} has "default": ${JSON.stringify(annotation.default)}: ` +
            `it must be the name of a BackendConfig.`);
    }
    if (annotation.ports !== undefined && !isObject(annotation.ports)) {
        problems.push(`Milvus Service annotation ${ANNOTATIONS.backendConfig} has "ports": ${JSON.stringify(annotation.ports)}: ` +
            `it must map a Service port name or number to a BackendConfig name, e.g. {"ports":{"${ports[0].name}":"<BackendConfig>"}}.`);
    }
    const perPort = isObject(annotation.ports) ? annotation.ports : {};
    for (const [key, backendConfig] of Object.entries(perPort)) {
        if (!ports.some((p) => p.name === key || String(p.port) === key)) {
            problems.push(`Milvus Service annotation ${ANNOTATIONS.backendConfig} is keyed to port "${key}", which the Milvus Service ` +
                `does not have (its ports are ${listing}): GKE applies a per-port BackendConfig only to a Service port of that name ` +
                `or number, so this one configures nothing. Key it "${ports[0].name}" or "${ports[0].port}".`);
        }
        if (typeof backendConfig !== "string" || backendConfig === "") {
            problems.push(`Milvus Service annotation ${ANNOTATIONS.backendConfig} maps port "${key}" to ${JSON.stringify(backendConfig)}: ` +
                `it must be the name of a BackendConfig.`);
        }
    }
    const serving = ports[0];
    const covered = (typeof annotation.default === "string" && annotation.default !== "") ||
        Object.keys(perPort).some((k) => k === serving.name || k === String(serving.port));
    if (!covered && (annotation.default !== undefined || isObject(annotation.ports))) {
        problems.push(`No BackendConfig applies to the Milvus port "${serving.name}" (${serving.port}): ${ANNOTATIONS.backendConfig} ` +
            `has neither "default" nor a "ports" entry for it, so the load balancer health-checks the gRPC port with its ` +
            `defaults and marks Milvus unhealthy. Add "${serving.name}" to "ports", or use {"default":"<BackendConfig>"}.`);
    }
    return problems;
}

// 6. Health check on Milvus's HTTP endpoint.
export function checkHealthCheck(props: Props): string[] {
    const hc = props.spec?.healthCheck;
    const ok = hc?.type === HEALTH_CHECK.type && Number(hc?.port) === HEALTH_CHECK.port && hc?.requestPath === HEALTH_CHECK.requestPath;
    return ok ? [] : [
        `BackendConfig ${metadata(props).name ?? ""} health check is ${JSON.stringify(hc ?? null)}: Milvus answers health checks ` +
        `over plain HTTP on port 9091 at /healthz. Set spec.healthCheck to {type: HTTP, port: 9091, requestPath: /healthz}.`,
    ];
}

// 7. HTTPS-only Ingress on a static global IP, class gce, with a service backend.
export function checkIngress(props: Props): string[] {
    const meta = metadata(props);
    const a = meta.annotations;
    const problems: string[] = [];
    if (a[ANNOTATIONS.ingressClass] !== "gce") {
        problems.push(`Ingress ${meta.name} has ${ANNOTATIONS.ingressClass} = ${JSON.stringify(a[ANNOTATIONS.ingressClass] ?? null)}: ` +
            `set it to "gce" for the external Application Load Balancer.`);
    }
    if (typeof a[ANNOTATIONS.staticIpName] !== "string" || a[ANNOTATIONS.staticIpName] === "") {
        problems.push(`Ingress ${meta.name} has no ${ANNOTATIONS.staticIpName} annotation: without a reserved global IP the ` +
            `address changes when the Ingress is recreated and DNS breaks. Name the stack's GlobalAddress there.`);
    }
    const tlsEntries = asArray(props.spec?.tls);
    const hasTls = tlsEntries.length > 0;
    if (tlsEntries.some((t) => typeof t?.secretName !== "string" || t.secretName === "")) {
        problems.push(`Ingress ${meta.name} has a spec.tls entry without secretName: the GCE Ingress takes the certificate ` +
            `from that Secret, so name the kubernetes.io/tls Secret in every spec.tls entry.`);
    }
    const hasManaged = typeof a[ANNOTATIONS.managedCertificates] === "string" && a[ANNOTATIONS.managedCertificates] !== "";
    if (!hasTls && !hasManaged) {
        problems.push(`Ingress ${meta.name} serves no certificate: add spec.tls with the kubernetes.io/tls Secret ` +
            `(self-managed) or the ${ANNOTATIONS.managedCertificates} annotation (google-managed).`);
    }
    const allowHttp = a[ANNOTATIONS.allowHttp];
    const redirected = allowHttp === "true" && typeof a[ANNOTATIONS.frontendConfig] === "string";
    if (allowHttp !== "false" && !redirected) {
        problems.push(`Ingress ${meta.name} serves plain HTTP on port 80 (${ANNOTATIONS.allowHttp} = ${JSON.stringify(allowHttp ?? null)}): ` +
            `set it to "false", or to "true" with a FrontendConfig that redirects to HTTPS (${ANNOTATIONS.frontendConfig}).`);
    }
    const backends = ingressBackends(props);
    if (backends.length === 0 || backends.some((b) => !b.name || (b.port.number === undefined && !b.port.name))) {
        problems.push(`Ingress ${meta.name} must send traffic to the Milvus Service by name and port (19530 by default); ` +
            `found ${JSON.stringify(backends)}.`);
    }
    return problems;
}

// 8. Key strength (mandatory).
const ECDSA_CURVES = ["P256", "P384", "P521"];
export function checkKeyStrength(props: Props): string[] {
    const algorithm = props.algorithm;
    if (algorithm === "RSA") {
        const bits = Number(props.rsaBits ?? 2048);
        return bits >= 2048 ? [] : [`RSA key of ${bits} bits is too weak: use rsaBits 2048 or more (keyAlgorithm RSA, rsaBits 2048/3072/4096).`];
    }
    if (algorithm === "ECDSA") {
        const curve = props.ecdsaCurve ?? "P224";
        return ECDSA_CURVES.includes(curve) ? [] : [`ECDSA curve ${curve} is too weak: use P256 or P384 (ecdsaCurve).`];
    }
    return [`Private key algorithm ${algorithm} is not allowed for the load balancer's certificate: use RSA (2048+) or ECDSA (P256+).`];
}

// 9. Certificate lifetime: at most maxCertValidityDays (advisory) ...
export const DEFAULT_MAX_CERT_VALIDITY_DAYS = 397;
export function checkCertValidity(props: Props, config: Config): string[] {
    const maxDays = Number(config?.maxCertValidityDays ?? DEFAULT_MAX_CERT_VALIDITY_DAYS);
    const hours = Number(props.validityPeriodHours);
    if (!Number.isFinite(hours)) {
        return []; // self-signed-cert-min-validity (mandatory) reports a missing validity
    }
    return hours <= maxDays * 24 ? [] : [
        `Self-signed certificate valid for ${hours} hours (${Math.round(hours / 24)} days), more than ${maxDays} days: ` +
        `set certValidityHours to at most ${maxDays * 24} and let pulumi up renew it, or raise maxCertValidityDays in the pack config.`,
    ];
}

// 10. ... and at least minCertValidityHours, renewed before it expires (mandatory).
export const DEFAULT_MIN_CERT_VALIDITY_HOURS = 24;
export function checkCertMinValidity(props: Props, config: Config): string[] {
    const minHours = Number(config?.minCertValidityHours ?? DEFAULT_MIN_CERT_VALIDITY_HOURS);
    const raw = props.validityPeriodHours;
    const hours = raw === undefined || raw === null || raw === "" ? NaN : Number(raw);
    if (!Number.isFinite(hours)) {
        return [`Self-signed certificate has no validityPeriodHours (${JSON.stringify(raw ?? null)}): set it (certValidityHours in the ` +
            `stack config, 8760 by default) to at least ${minHours} hours.`];
    }
    const problems: string[] = [];
    if (hours < minHours) {
        problems.push(`Self-signed certificate valid for only ${hours} hours, less than ${minHours}: it expires before the next ` +
            `pulumi up renews it, and then clients (self-managed mode) and the load balancer's TLS to Milvus see an expired ` +
            `certificate. Set certValidityHours to at least ${minHours} (8760, one year, by default).`);
    }
    const early = Number(props.earlyRenewalHours ?? 0);
    if (Number.isFinite(early) && hours > 0 && early >= hours) {
        problems.push(`Self-signed certificate has earlyRenewalHours ${early} ≥ validityPeriodHours ${hours}: it is due for renewal ` +
            `as soon as it is made, so every pulumi up replaces it (and the Secret), breaking clients that trust the previous ` +
            `certificatePem. Set certEarlyRenewalHours below certValidityHours (e.g. 720 for a one-year certificate).`);
    }
    return problems;
}

// 11. Private keys only in properties that are secrets by construction.
export function checkPrivateKeyPlacement(props: Props, _config: Config, type: string): string[] {
    if (type === TYPES.stack) {
        return []; // the stack's outputs: private-key-not-a-stack-output
    }
    const { allowed, props: scanned } = allowedKeyProperties(type, props);
    return findPrivateKeys(scanned, allowed).map((f) =>
        `${type} property ${f.path} holds a private key (${f.kind}) in clear: it is not a secret there, so it lands in plain ` +
        `text in the Pulumi state${type === TYPES.release ? ", the Helm release's manifest and `helm get values`" : " and the cluster"}. ` +
        `Keep the key only in a kubernetes.io/tls Secret (data/stringData) or the tls provider's resources and refer to it by ` +
        `name (mount the Secret; the chart's proxy.tls.key/crt put it in Helm values).`);
}

// 16. The load balancer's SSL policy admits TLS 1.2 and above only, and no weak cipher suite.
export function checkSslPolicy(props: Props): string[] {
    const name = typeof props.name === "string" && props.name !== "" ? `"${props.name}"` : "(no name)";
    const problems: string[] = [];
    const min = props.minTlsVersion;
    if (min === undefined || min === null || min === "") {
        problems.push(`SSL policy ${name} has no minTlsVersion, so Google Cloud uses ${SSL_POLICY.defaultMinTlsVersion}: the load ` +
            `balancer accepts TLS 1.0 and 1.1 (deprecated by RFC 8996) from clients. Set minTlsVersion to TLS_1_2 (the stack ` +
            `config's sslPolicy: modern, restricted or compatible creates such a policy).`);
    } else if (!(SSL_POLICY.minTlsVersions as readonly string[]).includes(String(min))) {
        problems.push(`SSL policy ${name} has minTlsVersion ${JSON.stringify(min)}: the load balancer accepts TLS versions below 1.2 ` +
            `(deprecated by RFC 8996, and every profile admits weak cipher suites with them). Set minTlsVersion to TLS_1_2.`);
    }
    const profile = props.profile === undefined || props.profile === null || props.profile === "" ? SSL_POLICY.defaultProfile : String(props.profile);
    const features = asArray(props.customFeatures).filter((f): f is string => typeof f === "string");
    if (profile === "CUSTOM") {
        const weak = features.filter((f) => (SSL_POLICY.weakFeatures as readonly string[]).includes(f));
        if (weak.length > 0) {
            problems.push(`SSL policy ${name} (profile CUSTOM) enables ${weak.join(", ")}: static RSA key exchange has no forward ` +
                `secrecy and 3DES is a 64-bit block cipher (Sweet32); CIS GCP 3.9 forbids them. Remove them from customFeatures, ` +
                `or use the MODERN or RESTRICTED profile.`);
        }
        if (features.length === 0) {
            problems.push(`SSL policy ${name} has profile CUSTOM and no customFeatures: Google Cloud refuses it. List the ` +
                `cipher suites to enable, or use the MODERN or RESTRICTED profile.`);
        }
    } else if (!(SSL_POLICY.profiles as readonly string[]).includes(profile)) {
        problems.push(`SSL policy ${name} has profile ${JSON.stringify(profile)}, which is not one of Google Cloud's ` +
            `(${[...SSL_POLICY.profiles, "CUSTOM"].join(", ")}): use MODERN, RESTRICTED or COMPATIBLE.`);
    } else if (features.length > 0) {
        problems.push(`SSL policy ${name} has profile ${profile} and customFeatures ${JSON.stringify(features)}: Google Cloud takes ` +
            `customFeatures only with profile CUSTOM. Remove them, or use profile CUSTOM.`);
    }
    return problems;
}

// 17. With TLS on, Milvus's REST server has a port of its own.
export function checkRestPort(props: Props): string[] {
    if (!isMilvusRelease(props)) {
        return [];
    }
    const config = milvusConfig(values(props));
    const mode = milvusSetting(config, "common.security.tlsMode");
    if (mode.value === undefined || milvusInt(mode.value) === 0) {
        return []; // TLS off (or unknown): milvus-tls-enabled reports it; without TLS Milvus shares the port through cmux
    }
    const enabled = milvusSetting(config, "proxy.http.enabled");
    const httpPort = milvusSetting(config, "proxy.http.port");
    const grpcPort = milvusSetting(config, "proxy.port");
    const unknown = [enabled, httpPort, grpcPort].filter((s) => s.value === undefined);
    if (unknown.length > 0) {
        return unknown.map((s) => `Milvus takes ${s === enabled ? "proxy.http.enabled" : s === httpPort ? "proxy.http.port" : "proxy.port"} ` +
            `from ${s.source}, whose value the plan cannot show: set it literally in extraConfigFiles["user.yaml"], so that the ` +
            `REST server's port (never the gRPC port while TLS is on) is certain.`);
    }
    if (!milvusBool(enabled.value)) {
        return [];
    }
    const grpc = milvusInt(grpcPort.value);
    const fix = `Set proxy.http.port to a port of its own (8080, as restApi: true does) in extraConfigFiles["user.yaml"], or ` +
        `turn the REST server off with proxy.http.enabled: false.`;
    const why = `with TLS on (tlsMode ${mode.value.trim()}) Milvus serves REST only on a port of its own: it cannot split one TLS ` +
        `port between gRPC and HTTP (cmux works on plain text only), so Milvus 2.6 refuses to start ("share the same port, tls ` +
        `mode must be 0") and earlier releases serve no REST at all`;
    const enabledWhere = enabled.isDefault ? "proxy.http.enabled is unset, which Milvus takes as true" : `proxy.http.enabled is true (${enabled.source})`;
    if (httpPort.value!.trim() === "") {
        return [`Milvus's REST server shares the gRPC port ${grpc}: ${enabledWhere} and proxy.http.port is ${httpPort.isDefault ? "unset" : `empty (${httpPort.source})`}, ` +
            `so it would listen on proxy.port; ${why}. ${fix}`];
    }
    const http = milvusInt(httpPort.value);
    if (http === grpc) {
        return [`Milvus's REST server is on the gRPC port ${grpc} (proxy.http.port = ${JSON.stringify(httpPort.value)}, ${httpPort.source}; ` +
            `${enabledWhere}): ${why}. ${fix}`];
    }
    const taken = [{ port: milvusInt(milvusSetting(config, "proxy.internalPort").value), what: "the proxy's internal gRPC port (proxy.internalPort)" },
        { port: METRICS_PORT.port, what: "the metrics and /healthz port the load balancer health-checks" }];
    const clash = taken.find((t) => t.port === http);
    if (clash !== undefined || http <= 0 || http > 65535) {
        return [`Milvus's REST port proxy.http.port = ${JSON.stringify(httpPort.value)} (${httpPort.source}) ` +
            `${clash ? `is ${clash.what}, where another Milvus listener already listens` : "is not a TCP port"}: Milvus cannot open it. ${fix}`];
    }
    return [];
}

export const serviceClusterIp = resourcePolicy("milvus-service-clusterip",
    "The Milvus Helm release keeps its Service ClusterIP (no Layer-4 load balancer).", TYPES.release, checkServiceType, { severity: "high" });
export const milvusTls = resourcePolicy("milvus-tls-enabled",
    "Milvus serves one-way TLS (common.security.tlsMode exactly 1), the only mode the Google Cloud L7 load balancer can use.",
    TYPES.release, checkMilvusTls, { severity: "high" });
export const milvusTlsFiles = resourcePolicy("milvus-tls-files-resolve",
    "tls.serverPemPath / tls.serverKeyPath name tls.crt / tls.key of a Secret mounted in the pods that serve clients.",
    TYPES.release, checkMilvusTlsFiles, { severity: "high" });
export const serviceAnnotations = resourcePolicy("milvus-service-gke-annotations",
    "The Milvus Service carries app-protocols (HTTP2 by port name), backend-config and NEG annotations.", TYPES.release, checkServiceAnnotations, { severity: "high" });
export const backendConfigPorts = resourcePolicy("milvus-backend-config-ports",
    "A per-port backend-config annotation names ports the Milvus Service has, and the Milvus port gets a BackendConfig.",
    TYPES.release, checkBackendConfigPorts, { severity: "high" });
export const backendHealthCheck = resourcePolicy("backendconfig-milvus-health-check",
    "BackendConfig health checks Milvus over HTTP on 9091 at /healthz.", TYPES.backendConfig, checkHealthCheck, { severity: "high" });
export const ingressHttpsOnly = resourcePolicy("ingress-https-static-ip",
    "The Ingress is class gce, HTTPS only, on a static global IP, with a service backend.", TYPES.ingress, checkIngress, { severity: "critical" });
export const keyStrength = resourcePolicy("private-key-strength",
    "Private keys are RSA 2048+ or ECDSA P256+.", TYPES.privateKey, checkKeyStrength, { severity: "high" });
export const certValidity = resourcePolicy("self-signed-cert-validity",
    "Self-signed certificates are valid at most maxCertValidityDays (397 by default).", TYPES.selfSignedCert, checkCertValidity, {
        enforcementLevel: "advisory",
        severity: "low",
        configSchema: {
            properties: {
                maxCertValidityDays: { type: "number", default: DEFAULT_MAX_CERT_VALIDITY_DAYS, minimum: 1 },
            },
        },
    });
export const certMinValidity = resourcePolicy("self-signed-cert-min-validity",
    "Self-signed certificates are valid at least minCertValidityHours (24 by default) and renewed before they expire.",
    TYPES.selfSignedCert, checkCertMinValidity, {
        severity: "high",
        configSchema: {
            properties: {
                minCertValidityHours: { type: "number", default: DEFAULT_MIN_CERT_VALIDITY_HOURS, minimum: 1 },
            },
        },
    });
export const privateKeyPlacement = resourcePolicy("private-key-only-in-secrets",
    "Private key material appears only in properties that are secrets by construction (tls keys, Kubernetes Secret data).",
    undefined, checkPrivateKeyPlacement, { severity: "critical" });

export const sslPolicyTls = resourcePolicy("ssl-policy-tls-1-2",
    "The load balancer's SSL policy admits TLS 1.2 or later only (minTlsVersion set), and a CUSTOM profile no weak cipher suite.",
    TYPES.sslPolicy, checkSslPolicy, { severity: "high" });
export const restPort = resourcePolicy("milvus-rest-port-not-grpc",
    "With TLS on and Milvus's REST server enabled, proxy.http.port is a port of its own (never the gRPC port).",
    TYPES.release, checkRestPort, { severity: "high" });

// ---- stack policies -------------------------------------------------------------------------------------------

type Resource = Pick<PolicyResource, "type" | "props" | "urn" | "name"> & {
    opts: { protect: boolean };
    dependencies?: Resource[];
    propertyDependencies?: Record<string, Resource[]>;
};
export interface Finding { message: string; urn?: string }
type StackCheck = (resources: Resource[], config: Config) => Finding[] | Promise<Finding[]>;
export type CheckedStackPolicy = StackValidationPolicy & { check: StackCheck };

function stackPolicy(name: string, description: string, check: StackCheck, options: PolicyOptions = {}): CheckedStackPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        ...options,
        check,
        validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
            for (const finding of await check(args.resources, args.getConfig<Config>())) {
                reportViolation(finding.message, finding.urn);
            }
        },
    };
}

/** The BackendConfig names the Service's cloud.google.com/backend-config annotation refers to ("default" and per port). */
export function backendConfigNames(annotation: unknown): string[] {
    const parsed = jsonAnnotation(annotation);
    const names: unknown[] = [parsed?.default, ...Object.values(isObject(parsed?.ports) ? parsed.ports : {})];
    return names.filter((n): n is string => typeof n === "string" && n !== "");
}

interface MilvusDeployment {
    release: Resource;
    vals: Values;
    namespace: string;
    releaseName?: string;
    /** The chart's client Service, when the release has a name. */
    service?: string;
    /** Secrets Milvus's certificate and key come from. */
    tlsSecrets: string[];
    /** gce Ingresses with a backend naming the Service. */
    ingresses: Resource[];
}

function gceIngresses(resources: Resource[]): Resource[] {
    return resources.filter((r) => r.type === TYPES.ingress && metadata(r.props).annotations[ANNOTATIONS.ingressClass] === "gce");
}

function milvusDeployments(resources: Resource[]): MilvusDeployment[] {
    const ingresses = gceIngresses(resources);
    return resources.filter((r) => r.type === TYPES.release && isMilvusRelease(r.props)).map((release) => {
        const vals = values(release.props);
        const releaseName = typeof release.props.name === "string" && release.props.name !== "" ? release.props.name : undefined;
        const service = releaseName === undefined ? undefined : chartFullname(releaseName, vals);
        return {
            release, vals, releaseName, service,
            namespace: releaseNamespace(release.props),
            tlsSecrets: milvusTlsSecrets(vals),
            ingresses: service === undefined ? [] : ingresses.filter((i) => ingressBackends(i.props).some((b) => b.name === service)),
        };
    });
}

/**
 * Hosts of an Ingress that serve Milvus: those with a path to the Milvus Service, those whose unmatched paths fall to a
 * Milvus default backend, and those Milvus's certificate is for (`alsoMilvus`: the names of the certificate behind
 * Milvus's Secret, the spec.tls hosts presenting that Secret), whatever their rule routes to.
 */
function milvusHostGroups(ingress: Resource, service: string, alsoMilvus: (host: string) => boolean = () => false):
    { host: string; paths: IngressPath[]; defaultBackend?: ServiceBackend }[] {
    const defaultBackend = ingressDefaultBackend(ingress.props);
    const groups = ingressHostGroups(ingress.props);
    if (groups.size === 0) {
        return defaultBackend?.name === service ? [{ host: "*", paths: [], defaultBackend }] : [];
    }
    return [...groups.entries()]
        .filter(([host, paths]) => paths.some((p) => p.backend?.name === service) ||
            (!paths.some(isCatchAll) && defaultBackend?.name === service) || (host !== "*" && alsoMilvus(host)))
        .map(([host, paths]) => ({ host, paths, defaultBackend }));
}

/** The SelfSignedCerts behind Milvus's certificate: those its Secrets (and the Ingresses' spec.tls Secrets) are made from. */
function milvusCertificates(d: MilvusDeployment, resources: Resource[]): Resource[] {
    const secretNames = new Set(d.tlsSecrets);
    for (const ingress of d.ingresses) {
        asArray(ingress.props.spec?.tls).map((t) => t?.secretName).filter((n): n is string => typeof n === "string").forEach((n) => secretNames.add(n));
    }
    const secrets = resources.filter((r) => r.type === TYPES.secret && secretNames.has(metadata(r.props).name ?? ""));
    return certificatesOf(secrets, resources);
}

/** Hosts an Ingress presents Milvus's Secret for (its spec.tls entries naming one of Milvus's TLS Secrets). */
function milvusTlsHosts(ingress: Resource, d: MilvusDeployment): string[] {
    return asArray(ingress.props.spec?.tls)
        .filter((t) => typeof t?.secretName === "string" && d.tlsSecrets.includes(t.secretName))
        .flatMap((t) => asArray(t.hosts))
        .filter((h): h is string => typeof h === "string" && h !== "");
}

// 12. The pieces refer to each other consistently, and the static IP is protected.
export function checkStack(resources: Resource[], config: Config = {}): Finding[] {
    const findings: Finding[] = [];
    const externalIps = asArray(config?.externalStaticIpNames).filter((n): n is string => typeof n === "string");
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const named = (type: string, namespace: string, name: unknown) =>
        ofType(type).find((r) => metadata(r.props).name === name && metadata(r.props).namespace === namespace);

    for (const d of milvusDeployments(resources)) {
        const { release, vals, namespace } = d;
        if (d.releaseName === undefined || d.service === undefined) {
            // Without a name the Helm provider picks a random one, so no Ingress can name the chart's Service.
            findings.push({ urn: release.urn, message: `Helm release ${release.name} has no name: the provider then picks a random ` +
                `release name and the chart's Service name ("<release>-milvus") is unknown to the Ingress. Set the Release's name ` +
                `(releaseName in the stack config).` });
            continue;
        }
        const service = d.service;
        const annotations = isObject(vals.service?.annotations) ? vals.service.annotations : {};
        for (const backendConfigName of backendConfigNames(annotations[ANNOTATIONS.backendConfig])) {
            if (!named(TYPES.backendConfig, namespace, backendConfigName)) {
                findings.push({ urn: release.urn, message: `The Milvus Service names BackendConfig "${backendConfigName}" in ` +
                    `${ANNOTATIONS.backendConfig}, but the stack declares no BackendConfig of that name in namespace ${namespace}: ` +
                    `declare it there (the Service and its BackendConfig must share a namespace) or fix the annotation.` });
            }
        }
        const mountedSecrets = d.tlsSecrets;
        for (const secretName of mountedSecrets) {
            const secret = named(TYPES.secret, namespace, secretName);
            if (!secret || secret.props.type !== "kubernetes.io/tls") {
                findings.push({ urn: release.urn, message: `Milvus mounts Secret "${secretName}", but the stack declares no ` +
                    `kubernetes.io/tls Secret of that name in namespace ${namespace}: create it (tls provider certificate) or fix the volume.` });
            }
        }
        if (d.ingresses.length === 0) {
            findings.push({ urn: release.urn, message: `No gce Ingress routes to the Milvus Service "${service}" (the chart's name for ` +
                `release ${d.releaseName} with these values): point the Ingress backend at that Service.` });
        }
        for (const ingress of d.ingresses) {
            const meta = metadata(ingress.props);
            if (meta.namespace !== namespace) {
                findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} is in namespace ${meta.namespace}, the Milvus Service ` +
                    `in ${namespace}: an Ingress reaches Services of its own namespace only. Declare the Ingress in ${namespace}.` });
            }
            for (const backend of ingressBackends(ingress.props).filter((b) => b.name === service)) {
                const portOk = backend.port.number === servicePort(vals) || backend.port.name === servicePortName(vals);
                if (!portOk) {
                    findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} sends traffic to ${service} on port ` +
                        `${JSON.stringify(backend.port)}, but Milvus serves clients on ${servicePort(vals)} ` +
                        `("${servicePortName(vals)}"): use that port.` });
                }
            }
            for (const tls of asArray(ingress.props.spec?.tls)) {
                const secretName = tls?.secretName;
                if (typeof secretName !== "string") {
                    continue; // the Ingress policy reports a spec.tls entry without a secretName
                }
                if (!mountedSecrets.includes(secretName)) {
                    findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} presents Secret "${secretName}", but Milvus ` +
                        `mounts ${JSON.stringify(mountedSecrets)}: use the same kubernetes.io/tls Secret in spec.tls and in the ` +
                        `release's volumes, so the load balancer and Milvus serve one certificate.` });
                }
                const secret = named(TYPES.secret, meta.namespace, secretName);
                if (!secret || secret.props.type !== "kubernetes.io/tls") {
                    findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} presents Secret "${secretName}", but the stack ` +
                        `declares no kubernetes.io/tls Secret of that name in namespace ${meta.namespace}: declare it there or fix spec.tls.` });
                }
            }
        }
    }

    const addresses = ofType(TYPES.globalAddress);
    for (const ingress of gceIngresses(resources)) {
        const meta = metadata(ingress.props);
        const hosts = ingressHosts(ingress.props);
        const managed = meta.annotations[ANNOTATIONS.managedCertificates];
        if (typeof managed === "string" && managed !== "") {
            for (const certName of managed.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
                const cert = named(TYPES.managedCertificate, meta.namespace, certName);
                const domains = asArray(cert?.props.spec?.domains);
                if (!cert) {
                    findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} uses ManagedCertificate "${certName}", which the ` +
                        `stack does not declare in namespace ${meta.namespace}: declare it there with the Ingress hosts in spec.domains, ` +
                        `or fix ${ANNOTATIONS.managedCertificates}.` });
                } else if (!hosts.every((h) => domains.includes(h))) {
                    findings.push({ urn: ingress.urn, message: `ManagedCertificate "${certName}" covers ${JSON.stringify(domains)} but ` +
                        `Ingress ${meta.name} serves ${JSON.stringify(hosts)}: add the hosts to its spec.domains.` });
                }
            }
        }
        const frontendName = meta.annotations[ANNOTATIONS.frontendConfig];
        if (meta.annotations[ANNOTATIONS.allowHttp] === "true" && typeof frontendName === "string") {
            // A FrontendConfig the stack does not declare: ingress-frontend-ssl-policy reports it (once).
            const frontend = named(TYPES.frontendConfig, meta.namespace, frontendName);
            if (frontend && frontend.props.spec?.redirectToHttps?.enabled !== true) {
                findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} opens port 80 for FrontendConfig "${frontendName}", ` +
                    `which does not redirect to HTTPS: set its spec.redirectToHttps.enabled to true, or set ` +
                    `${ANNOTATIONS.allowHttp} to "false".` });
            }
        }
        const ipName = meta.annotations[ANNOTATIONS.staticIpName];
        if (typeof ipName !== "string" || ipName === "") {
            continue; // the Ingress policy reports the missing annotation
        }
        const address = addresses.find((r) => r.props.name === ipName);
        if (!address) {
            if (externalIps.includes(ipName)) {
                continue; // reserved outside the stack, on purpose
            }
            findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} uses static IP "${ipName}", which the stack does not ` +
                `declare: declare a gcp GlobalAddress named "${ipName}" (protected) so the address is managed and kept, or, when ` +
                `the address is reserved outside this stack on purpose (createStaticIp: false), list it in the pack config's ` +
                `milvus-l7-consistency externalStaticIpNames.` });
        } else if (!address.opts.protect) {
            findings.push({ urn: address.urn, message: `GlobalAddress "${ipName}" is not protected: DNS points at it, and deleting ` +
                `it (a destroy or a replacement) breaks every client. Declare it with protect: true.` });
        }
    }
    return findings;
}

// 13. Every gRPC method of a Milvus host reaches Milvus.
const describePath = (p: IngressPath) => `${JSON.stringify(p.path)} (${p.pathType})`;
const describeBackend = (b?: ServiceBackend) => (b?.name ? `Service ${b.name}` : "GKE's default backend, which answers 404");

export function checkGrpcRouting(resources: Resource[]): Finding[] {
    const findings: Finding[] = [];
    for (const d of milvusDeployments(resources)) {
        const service = d.service;
        if (service === undefined) {
            continue;
        }
        const certNames = milvusCertificates(d, resources).flatMap((c) => certificateNames(c.props).dnsNames);
        for (const ingress of d.ingresses) {
            const name = metadata(ingress.props).name;
            const tlsHosts = milvusTlsHosts(ingress, d);
            const milvusNamed = (host: string) => tlsHosts.includes(host) || certNames.some((n) => nameCovers(n, host));
            for (const { host, paths, defaultBackend } of milvusHostGroups(ingress, service, milvusNamed)) {
                const where = host === "*" ? "requests without a matching host rule" : `host ${host}`;
                const catchAll = paths.filter(isCatchAll);
                for (const p of catchAll.filter((c) => c.backend?.name !== service)) {
                    findings.push({ urn: ingress.urn, message: `Ingress ${name} sends every path of ${where} (${describePath(p)}) to ` +
                        `${describeBackend(p.backend)}, not to the Milvus Service ${service}: gRPC calls (POST /<package>.<Service>/<Method>) ` +
                        `never reach Milvus. Send path "/" (Prefix) to ${service}.` });
                }
                if (catchAll.length === 0 && defaultBackend?.name !== service) {
                    const routed = paths.filter((p) => p.backend?.name === service).map(describePath).join(", ");
                    findings.push({ urn: ingress.urn, message: `Ingress ${name} sends only ${routed || "no path"} of ${where} to Milvus: ` +
                        `a gRPC method's path is /<package>.<Service>/<Method> (e.g. /milvus.proto.milvus.MilvusService/Search, ` +
                        `/grpc.health.v1.Health/Check), so every other method goes to ${describeBackend(defaultBackend)}. Route path "/" ` +
                        `with pathType Prefix (or ImplementationSpecific "/*") to ${service}; an Exact or ImplementationSpecific "/" ` +
                        `matches the path "/" only.` });
                }
                for (const p of paths.filter((q) => !isCatchAll(q) && q.backend?.name !== service && mayMatchGrpc(q))) {
                    findings.push({ urn: ingress.urn, message: `Ingress ${name} sends ${describePath(p)} of ${where} to ` +
                        `${describeBackend(p.backend)}: that path matches gRPC method paths (/<package>.<Service>/<Method>), so those ` +
                        `Milvus calls never reach ${service}. Remove the path or send it to ${service}.` });
                }
            }
        }
    }
    return findings;
}

// 14. The self-signed certificate names the hosts clients connect to.
function certificateNames(props: Props): { dnsNames: string[]; commonName?: string } {
    const subject = Array.isArray(props.subject) ? props.subject[0] : props.subject;
    const cn = isObject(subject) ? subject.commonName : undefined;
    return {
        dnsNames: asArray(props.dnsNames).filter((n): n is string => typeof n === "string" && n !== ""),
        commonName: typeof cn === "string" && cn !== "" ? cn : undefined,
    };
}

/** SelfSignedCerts a Secret is made from (its dependencies); all of the stack's when the link is not visible. */
function certificatesOf(secrets: Resource[], resources: Resource[]): Resource[] {
    const linked = new Map<string, Resource>();
    for (const secret of secrets) {
        const deps = [...(secret.dependencies ?? []), ...Object.values(secret.propertyDependencies ?? {}).flat()];
        for (const dep of deps.filter((r) => r.type === TYPES.selfSignedCert)) {
            linked.set(dep.urn, dep);
        }
    }
    return linked.size > 0 ? [...linked.values()] : resources.filter((r) => r.type === TYPES.selfSignedCert);
}

export function checkCertificateNames(resources: Resource[]): Finding[] {
    const findings: Finding[] = [];
    for (const d of milvusDeployments(resources)) {
        if (d.service === undefined) {
            continue;
        }
        const hosts = new Map<string, string>(); // host -> Ingress that serves it
        for (const ingress of d.ingresses) {
            const name = metadata(ingress.props).name ?? ingress.name;
            for (const { host } of milvusHostGroups(ingress, d.service)) {
                if (host !== "*") {
                    hosts.set(host, name);
                }
            }
            milvusTlsHosts(ingress, d).forEach((h) => hosts.set(h, name));
        }
        if (hosts.size === 0) {
            continue;
        }
        for (const cert of milvusCertificates(d, resources)) {
            const { dnsNames, commonName } = certificateNames(cert.props);
            const label = `Self-signed certificate ${cert.name}`;
            const consequence = `clients that connect to it with TLS server name checking (self-managed mode; and Milvus's own ` +
                `clients inside the cluster) reject the certificate`;
            if (dnsNames.length === 0) {
                findings.push({ urn: cert.urn, message: `${label} has no DNS names (subject alternative names): TLS clients (Go, ` +
                    `gRPC, browsers) ignore the common name, so ${consequence}. Set dnsNames to ${JSON.stringify([...hosts.keys()])}.` });
            }
            for (const [host, ingress] of hosts) {
                if (dnsNames.length > 0 && !dnsNames.some((n) => nameCovers(n, host))) {
                    findings.push({ urn: cert.urn, message: `${label} names ${JSON.stringify(dnsNames)}, which does not cover ${host}, ` +
                        `the host Ingress ${ingress} serves Milvus on (a wildcard covers exactly one label): ${consequence}. Add ` +
                        `${host} to dnsNames (the stack's domain).` });
                }
            }
            if (commonName !== undefined && ![...hosts.keys()].some((h) => nameCovers(commonName, h))) {
                findings.push({ urn: cert.urn, message: `${label} has common name ${commonName}, which is none of the hosts it serves ` +
                    `(${[...hosts.keys()].join(", ")}): clients that still read the CN, and people, see a certificate for another ` +
                    `host. Set subject.commonName to the domain.` });
            }
        }
    }
    return findings;
}

// 15. No private key among the stack's outputs.
export function checkStackOutputs(resources: Resource[]): Finding[] {
    return resources.filter((r) => r.type === TYPES.stack).flatMap((stack) => findPrivateKeys(stack.props).map((f) => ({
        urn: stack.urn,
        message: `Stack output ${f.path} holds a private key (${f.kind}): outputs reach everyone who can read the stack ` +
            `(pulumi stack output, every StackReference, CI logs), secret or not, and this stack's contract is that the key is ` +
            `never an output. Remove it; clients need only certificatePem, and Milvus reads the key from the kubernetes.io/tls Secret.`,
    })));
}

// ---- the load balancer's TLS policy, DNS and every Service behind a Milvus host -------------------------------

const stringList = (value: unknown): string[] => asArray(value).filter((n): n is string => typeof n === "string" && n !== "");
const namedIn = (resources: Resource[], type: string, namespace: string, name: unknown) =>
    resources.find((r) => r.type === type && metadata(r.props).name === name && metadata(r.props).namespace === namespace);
const dependenciesOf = (r: Resource): Resource[] => [...(r.dependencies ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()];

// 18. The Ingress serving Milvus names a declared FrontendConfig, which sets an SSL policy the stack declares (or one
// the pack config lists as reserved elsewhere).
export function checkFrontendSslPolicy(resources: Resource[], config: Config = {}): Finding[] {
    const findings: Finding[] = [];
    const external = stringList(config?.externalSslPolicyNames);
    const milvusIngresses = new Set(milvusDeployments(resources).flatMap((d) => d.ingresses.map((i) => i.urn)));
    const policies = resources.filter((r) => r.type === TYPES.sslPolicy);
    const defaultPolicy = `Google Cloud's default SSL policy (${SSL_POLICY.defaultMinTlsVersion} and the ${SSL_POLICY.defaultProfile} profile, ` +
        `which admit TLS 1.0 and weak cipher suites)`;
    for (const ingress of gceIngresses(resources)) {
        const meta = metadata(ingress.props);
        const servesMilvus = milvusIngresses.has(ingress.urn);
        const frontendName = meta.annotations[ANNOTATIONS.frontendConfig];
        if (typeof frontendName !== "string" || frontendName === "") {
            if (servesMilvus) {
                findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} serves Milvus but names no FrontendConfig ` +
                    `(${ANNOTATIONS.frontendConfig}): GKE then gives its HTTPS proxy no SSL policy, so clients may use ${defaultPolicy}. ` +
                    `Declare a FrontendConfig (networking.gke.io/v1beta1) with spec.sslPolicy in namespace ${meta.namespace} and name it there.` });
            }
            continue;
        }
        const frontend = namedIn(resources, TYPES.frontendConfig, meta.namespace, frontendName);
        if (!frontend) {
            findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} names FrontendConfig "${frontendName}" ` +
                `(${ANNOTATIONS.frontendConfig}), which the stack does not declare in namespace ${meta.namespace}: GKE applies ` +
                `nothing of it, neither an SSL policy${meta.annotations[ANNOTATIONS.allowHttp] === "true" ? " nor the redirect of the port 80 it opens" : ""}. ` +
                `Declare it there (spec.sslPolicy${meta.annotations[ANNOTATIONS.allowHttp] === "true" ? ", spec.redirectToHttps.enabled: true" : ""}), or fix the annotation.` });
            continue;
        }
        if (!servesMilvus) {
            continue;
        }
        const sslPolicy = frontend.props.spec?.sslPolicy;
        if (typeof sslPolicy !== "string" || sslPolicy === "") {
            findings.push({ urn: frontend.urn, message: `FrontendConfig "${frontendName}" of Ingress ${meta.name} sets no spec.sslPolicy ` +
                `(found ${JSON.stringify(sslPolicy ?? null)}): the load balancer in front of Milvus then uses ${defaultPolicy}. Set ` +
                `spec.sslPolicy to the name of an SSL policy with minTlsVersion TLS_1_2 (the stack config's sslPolicy creates ` +
                `milvus-<stack>-ssl).` });
        } else if (!policies.some((p) => p.props.name === sslPolicy) && !external.includes(sslPolicy)) {
            const unnamed = policies.some((p) => p.props.name === undefined || p.props.name === null || p.props.name === "");
            findings.push({ urn: frontend.urn, message: `FrontendConfig "${frontendName}" names SSL policy "${sslPolicy}", which the ` +
                `stack does not declare${unnamed ? " (an SSLPolicy declared without name gets a random suffix: set its name)" : ""}: ` +
                `GKE cannot attach a policy that does not exist, and one made outside the stack is not checked for TLS 1.2. Declare a ` +
                `gcp SSLPolicy named "${sslPolicy}" with minTlsVersion TLS_1_2, or, when it is managed elsewhere on purpose (the stack ` +
                `config's sslPolicy naming an existing policy), list it in the pack config's ingress-frontend-ssl-policy ` +
                `externalSslPolicyNames.` });
        }
    }
    return findings;
}

// 19. The A record clients resolve is the Ingress host, fully qualified.
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function checkDnsRecords(resources: Resource[]): Finding[] {
    const findings: Finding[] = [];
    const hosts = new Map<string, string>(); // host (lower case) -> the Ingress serving Milvus on it
    const loadBalancer = new Set<string>(); // URNs of the Milvus Ingresses and their GlobalAddresses
    for (const d of milvusDeployments(resources)) {
        if (d.service === undefined) {
            continue;
        }
        for (const ingress of d.ingresses) {
            const meta = metadata(ingress.props);
            loadBalancer.add(ingress.urn);
            const ipName = meta.annotations[ANNOTATIONS.staticIpName];
            resources.filter((r) => r.type === TYPES.globalAddress && r.props.name === ipName).forEach((a) => loadBalancer.add(a.urn));
            for (const { host } of milvusHostGroups(ingress, d.service)) {
                if (host !== "*") {
                    hosts.set(host.toLowerCase(), meta.name ?? ingress.name);
                }
            }
        }
    }
    if (hosts.size === 0) {
        return []; // no Ingress serves Milvus on a named host: the other policies say why
    }
    const relative = (n: string) => n.toLowerCase().replace(/\.$/, "");
    const hostList = [...hosts.keys()].map((h) => `"${h}."`).join(" or ");
    for (const record of resources.filter((r) => r.type === TYPES.recordSet && String(r.props.type ?? "").toUpperCase() === "A")) {
        const name = typeof record.props.name === "string" ? record.props.name : "";
        const linked = dependenciesOf(record).some((dep) => loadBalancer.has(dep.urn));
        if (!linked && !hosts.has(relative(name))) {
            continue; // another name, not pointing at Milvus's load balancer
        }
        const label = `DNS record ${record.name} (A ${JSON.stringify(record.props.name ?? null)})`;
        if (name === "") {
            findings.push({ urn: record.urn, message: `${label} points at Milvus's load balancer but has no name: set name to ${hostList}.` });
            continue;
        }
        if (!name.endsWith(".")) {
            findings.push({ urn: record.urn, message: `${label} has no trailing dot: Cloud DNS names are absolute, and the API refuses ` +
                `"${name}" (Error 400, invalid value), so pulumi up fails after the load balancer is made. Set name to "${name}.".` });
        }
        const host = relative(name);
        if (!hosts.has(host)) {
            findings.push({ urn: record.urn, message: `${label} points at Milvus's load balancer, but the Ingress serves Milvus on ` +
                `${[...hosts.entries()].map(([h, i]) => `${h} (Ingress ${i})`).join(", ")}: clients resolving the host do not reach the ` +
                `load balancer (and a google-managed certificate for it never becomes Active: Google checks that the host resolves to ` +
                `the load balancer), while requests for ${host} match no host rule and get GKE's default backend (404). Set name to ${hostList}.` });
        }
        const zoneName = record.props.managedZone;
        const zone = resources.find((r) => r.type === TYPES.managedZone && r.props.name === zoneName);
        const zoneDns = typeof zone?.props.dnsName === "string" ? relative(zone.props.dnsName) : undefined;
        if (zoneDns !== undefined && host !== zoneDns && !host.endsWith("." + zoneDns)) {
            findings.push({ urn: record.urn, message: `${label} is not inside its managed zone "${zoneName}" (${zoneDns}.): Cloud DNS ` +
                `refuses it. Use the zone that holds ${host}.` });
        }
        const rrdatas = readKnown(() => record.props.rrdatas);
        if (!rrdatas.known) {
            continue; // the static IP's address, known on up
        }
        const data = asArray(rrdatas.value);
        if (data.length === 0) {
            findings.push({ urn: record.urn, message: `${label} has no rrdatas: the name resolves to nothing. Set rrdatas to the ` +
                `static IP's address.` });
        }
        for (const value of data.map((_, i) => readKnown(() => data[i]))) {
            if (value.known && (typeof value.value !== "string" || !IPV4.test(value.value))) {
                findings.push({ urn: record.urn, message: `${label} has rrdata ${JSON.stringify(value.value)}, which is not an IPv4 ` +
                    `address: an A record holds the load balancer's IPv4 address (the static IP's address).` });
            }
        }
    }
    return findings;
}

// 20. Every Service behind a Milvus host is a ClusterIP NEG backend, with the protocol and health check of the Milvus
// port it targets.
interface MilvusPorts { grpc: number; rest?: number; restOff: string }

function milvusPorts(vals: Values): MilvusPorts {
    const config = milvusConfig(vals);
    const grpc = milvusInt(milvusSetting(config, "proxy.port").value) || DEFAULT_SERVICE_PORT;
    const enabled = milvusSetting(config, "proxy.http.enabled");
    const port = milvusSetting(config, "proxy.http.port");
    if (!milvusBool(enabled.value)) {
        return { grpc, restOff: "its REST server is off (proxy.http.enabled false)" };
    }
    if ((port.value ?? "").trim() === "" || milvusInt(port.value) === grpc) {
        return { grpc, restOff: "its REST server has no port of its own (proxy.http.port)" };
    }
    return { grpc, rest: milvusInt(port.value), restOff: "" };
}

function checkBackendService(service: Resource, backend: ServiceBackend, route: string, d: MilvusDeployment, resources: Resource[]): string[] {
    const meta = metadata(service.props);
    const label = `Service ${meta.name}`;
    const problems: string[] = [];
    const type = service.props.spec?.type;
    if (!(type === undefined || type === null || type === "" || type === "ClusterIP")) {
        problems.push(`${route}; ${label} is type ${type}: a ${type} Service opens the backend outside the load balancer (every node's ` +
            `port${type === "LoadBalancer" ? " and a Layer-4 load balancer" : ""}), bypassing its certificate, SSL policy and Cloud Armor. ` +
            `Set spec.type to ClusterIP (the Ingress reaches it through NEGs).`);
    }
    if (jsonAnnotation(meta.annotations[ANNOTATIONS.neg])?.ingress !== true) {
        problems.push(`${route}; ${label} lacks ${ANNOTATIONS.neg}: {"ingress":true}: the load balancer reaches a ClusterIP Service ` +
            `only through network endpoint groups (container-native load balancing), which HTTP/2 and HTTPS backends need. Add the annotation.`);
    }
    const entries = servicePortEntries(service.props);
    const entry = entries.find((e) => (backend.port.number !== undefined && e.port === Number(backend.port.number)) ||
        (backend.port.name !== undefined && e.name === backend.port.name));
    if (entry === undefined) {
        problems.push(`${route} on port ${JSON.stringify(backend.port)}, which ${label} does not have (its ports are ` +
            `${JSON.stringify(entries.map((e) => ({ name: e.name, port: e.port })))}): the Ingress has no backend for that path. ` +
            `Use one of the Service's ports.`);
        return problems;
    }
    const selector = isObject(service.props.spec?.selector) ? service.props.spec.selector : {};
    const labels = servingPodLabels(d.releaseName!, d.vals);
    if (selector["app.kubernetes.io/instance"] !== labels["app.kubernetes.io/instance"] ||
        selector["app.kubernetes.io/name"] !== labels["app.kubernetes.io/name"]) {
        return problems; // another application on the Milvus host: ClusterIP and NEG are all this pack requires of it
    }
    const component = servingComponent(d.vals);
    if (selector.component !== component) {
        problems.push(`${route}; ${label} selects ${selector.component === undefined ? "every pod of" : `the ${selector.component} pods of`} ` +
            `Milvus release ${d.releaseName}, but only its ${component} pods serve clients: the NEG would hold pods that do not listen ` +
            `on the port, which pass the 9091 health check all the same. Add component: ${component} to spec.selector.`);
    }
    const ports = milvusPorts(d.vals);
    const target = entry.targetPort ?? entry.port;
    const targetNumber = typeof target === "string" ? chartContainerPort(target, ports.grpc) : target;
    const portLabel = `port ${entry.name ? `"${entry.name}" ` : ""}(${entry.port})`;
    let protocol: "HTTP2" | "HTTPS";
    let why: string;
    if (targetNumber === ports.grpc) {
        protocol = "HTTP2";
        why = "gRPC needs HTTP/2 to the backend, over TLS";
    } else if (ports.rest !== undefined && targetNumber === ports.rest) {
        protocol = "HTTPS";
        why = "Milvus's REST listener speaks HTTP/1.1 over TLS (HTTP would send plain text to it, HTTP2 asks for a protocol it does not offer)";
    } else {
        problems.push(`${route}; ${label} ${portLabel} targets ${JSON.stringify(target)} on the Milvus ${component} pods, which serve ` +
            `clients on ${ports.grpc} (gRPC)${ports.rest !== undefined ? ` and ${ports.rest} (REST)` : ` only: ${ports.restOff}`}, so the ` +
            `load balancer's requests find no listener. Set targetPort to ${ports.rest ?? ports.grpc}` +
            `${ports.rest === undefined ? " (or enable REST: proxy.http.enabled true and proxy.http.port 8080, as restApi: true does)" : ""}.`);
        return problems;
    }
    const protocols = jsonAnnotation(meta.annotations[ANNOTATIONS.appProtocols]);
    if (entry.name === undefined) {
        problems.push(`${route}; ${label} ${portLabel} has no name: ${ANNOTATIONS.appProtocols} is keyed by port name, so the load ` +
            `balancer cannot be told to speak ${protocol} to it (${why}). Name the port and map it to ${protocol}.`);
    } else if (protocols?.[entry.name] !== protocol) {
        problems.push(`${route}; ${label} annotation ${ANNOTATIONS.appProtocols} maps port "${entry.name}" to ` +
            `${JSON.stringify(protocols?.[entry.name] ?? null)}, but it targets Milvus's ${protocol === "HTTP2" ? "gRPC" : "REST"} port ` +
            `${targetNumber}: ${why}. Set it to {"${entry.name}":"${protocol}"}.`);
    }
    const annotation = jsonAnnotation(meta.annotations[ANNOTATIONS.backendConfig]);
    const perPort = isObject(annotation?.ports) ? annotation!.ports : {};
    const backendConfig = [perPort[entry.name ?? ""], perPort[String(entry.port)], annotation?.default]
        .find((n) => typeof n === "string" && n !== "");
    if (backendConfig === undefined) {
        problems.push(`${route}; no BackendConfig applies to ${label} ${portLabel} (${ANNOTATIONS.backendConfig}): the load balancer ` +
            `then health-checks the serving port with its defaults (${protocol === "HTTPS" ? "GET / over HTTPS, which Milvus's REST server answers with 404" : "which the gRPC port fails"}) ` +
            `and marks Milvus unhealthy. Name a BackendConfig with the HTTP ${HEALTH_CHECK.port} ${HEALTH_CHECK.requestPath} check, ` +
            `e.g. {"default":"${meta.name}-backend"}.`);
    } else if (!namedIn(resources, TYPES.backendConfig, meta.namespace, backendConfig)) {
        problems.push(`${route}; ${label} names BackendConfig "${backendConfig}" in ${ANNOTATIONS.backendConfig}, but the stack declares ` +
            `no BackendConfig of that name in namespace ${meta.namespace}: GKE then uses the default health check, which Milvus fails. ` +
            `Declare it there with the HTTP ${HEALTH_CHECK.port} ${HEALTH_CHECK.requestPath} health check.`);
    }
    return problems;
}

export function checkBackendServices(resources: Resource[], config: Config = {}): Finding[] {
    const findings: Finding[] = [];
    const external = stringList(config?.externalServiceNames);
    const seen = new Set<string>();
    for (const d of milvusDeployments(resources)) {
        if (d.service === undefined || d.releaseName === undefined) {
            continue;
        }
        for (const ingress of d.ingresses) {
            const meta = metadata(ingress.props);
            for (const { host, paths, defaultBackend } of milvusHostGroups(ingress, d.service)) {
                const routes = paths.filter((p) => p.backend !== undefined).map((p) => ({ backend: p.backend!, what: `path ${describePath(p)}` }));
                if (defaultBackend !== undefined && !paths.some(isCatchAll)) {
                    routes.push({ backend: defaultBackend, what: "the unmatched paths (spec.defaultBackend)" });
                }
                for (const { backend, what } of routes) {
                    if (backend.name === undefined || backend.name === d.service) {
                        continue; // the chart's Service: milvus-service-clusterip, milvus-service-gke-annotations, milvus-l7-consistency
                    }
                    const key = `${ingress.urn}|${backend.name}|${JSON.stringify(backend.port)}`;
                    if (seen.has(key)) {
                        continue;
                    }
                    seen.add(key);
                    const route = `Ingress ${meta.name} sends ${what} of ${host === "*" ? "requests without a matching host rule" : `host ${host}`} ` +
                        `to Service ${backend.name}`;
                    const service = namedIn(resources, TYPES.service, meta.namespace, backend.name);
                    if (!service) {
                        if (!external.includes(backend.name)) {
                            findings.push({ urn: ingress.urn, message: `${route}, which the stack does not declare in namespace ` +
                                `${meta.namespace}: whether it is ClusterIP with NEGs, the right app-protocols and a health check Milvus ` +
                                `passes cannot be checked. Declare it in the stack, or, when another tool manages it on purpose, list it in ` +
                                `the pack config's ingress-backend-services externalServiceNames.` });
                        }
                        continue;
                    }
                    findings.push(...checkBackendService(service, backend, route, d, resources).map((message) => ({ urn: service.urn, message })));
                }
            }
        }
    }
    return findings;
}

export const stackConsistency = stackPolicy("milvus-l7-consistency",
    "Ingress, Service annotations, BackendConfig and certificates refer to each other; the static IP is protected.",
    checkStack, {
        severity: "high",
        configSchema: {
            properties: {
                externalStaticIpNames: { type: "array", items: { type: "string" }, default: [] },
            },
        },
    });
export const grpcRouting = stackPolicy("ingress-routes-all-grpc",
    "Every host of the Ingress that serves Milvus sends every gRPC method path to the Milvus Service.",
    checkGrpcRouting, { severity: "critical" });
export const certificateNamesPolicy = stackPolicy("self-signed-cert-names",
    "The self-signed certificate behind Milvus names (SAN, and CN when set) every host the Ingress serves Milvus on.",
    checkCertificateNames, { severity: "high" });
export const stackOutputsPolicy = stackPolicy("private-key-not-a-stack-output",
    "No stack output holds private key material, secret or not.", checkStackOutputs, { severity: "critical" });

export const frontendSslPolicy = stackPolicy("ingress-frontend-ssl-policy",
    "The Ingress serving Milvus names a declared FrontendConfig whose spec.sslPolicy is an SSL policy of the stack (or listed as external).",
    checkFrontendSslPolicy, {
        severity: "high",
        configSchema: {
            properties: {
                externalSslPolicyNames: { type: "array", items: { type: "string" }, default: [] },
            },
        },
    });
export const dnsRecords = stackPolicy("dns-record-matches-ingress-host",
    "The A record pointing at Milvus's load balancer is the Ingress host with a trailing dot, with IPv4 rrdatas.",
    checkDnsRecords, { severity: "high" });
export const backendServices = stackPolicy("ingress-backend-services",
    "Every Service behind a Milvus host is ClusterIP with NEGs; one backed by Milvus targets its gRPC (HTTP2) or REST (HTTPS) port with a BackendConfig.",
    checkBackendServices, {
        severity: "high",
        configSchema: {
            properties: {
                externalServiceNames: { type: "array", items: { type: "string" }, default: [] },
            },
        },
    });

export const resourcePolicies: CheckedResourcePolicy[] = [
    serviceClusterIp, milvusTls, milvusTlsFiles, serviceAnnotations, backendConfigPorts, backendHealthCheck, ingressHttpsOnly,
    keyStrength, certValidity, certMinValidity, privateKeyPlacement, sslPolicyTls, restPort,
];
export const stackPolicies: CheckedStackPolicy[] = [
    stackConsistency, grpcRouting, certificateNamesPolicy, stackOutputsPolicy, frontendSslPolicy, dnsRecords, backendServices,
    // src/security.ts: who may use the public endpoint.
    ...securityPolicies,
];
export const allPolicies = [...resourcePolicies, ...stackPolicies];
