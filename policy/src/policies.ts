// The policies, importable without constructing a PolicyPack (whose constructor starts a server).
// Each check is a pure function from a resource's inputs to violation messages; the CrossGuard policy objects
// below only pick the resource type and report. Every message says what is wrong and how to fix it.
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    ANNOTATIONS, HEALTH_CHECK, TYPES, Values, chartFullname, clientPodMounts, clusterMode, directoryOf,
    ingressBackends, ingressHosts, isMilvusRelease, isObject, jsonAnnotation, metadata, releaseNamespace,
    sameDirectory, servicePort, servicePortName, userConfig, values, asArray,
} from "./milvus";

type Props = Record<string, any>;
type Check = (props: Props, config: Record<string, any>) => string[];

function resourcePolicy(
    name: string, description: string, type: string, check: Check,
    extra: Partial<ResourceValidationPolicy> = {},
): ResourceValidationPolicy & { check: Check; type: string } {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        ...extra,
        type,
        check,
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            if (args.type !== type) {
                return;
            }
            for (const message of check(args.props, args.getConfig<Record<string, any>>())) {
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

// 2. TLS on, with a certificate where the config points.
export function checkMilvusTls(props: Props): string[] {
    if (!isMilvusRelease(props)) {
        return [];
    }
    const vals = values(props);
    const config = userConfig(vals);
    const tlsMode = Number(config?.common?.security?.tlsMode ?? 0);
    const problems: string[] = [];
    if (!(tlsMode >= 1)) {
        problems.push(`Milvus TLS is off (common.security.tlsMode = ${config?.common?.security?.tlsMode ?? "unset"} in ` +
            `extraConfigFiles["user.yaml"]): GKE's load balancer speaks HTTP/2 to the backend only over TLS. ` +
            `Set common.security.tlsMode: 1 and tls.serverPemPath / tls.serverKeyPath.`);
        return problems;
    }
    const pem = config?.tls?.serverPemPath;
    const key = config?.tls?.serverKeyPath;
    if (typeof pem !== "string" || typeof key !== "string") {
        problems.push(`Milvus TLS is on but tls.serverPemPath / tls.serverKeyPath are not set in extraConfigFiles["user.yaml"]: ` +
            `point them at the mounted kubernetes.io/tls Secret (e.g. /etc/milvus/certs/tls.crt and tls.key).`);
        return problems;
    }
    const { volumes, volumeMounts } = clientPodMounts(vals);
    const where = clusterMode(vals) ? "proxy.volumes/proxy.volumeMounts (cluster mode)" : "volumes/volumeMounts (standalone)";
    for (const file of [pem, key]) {
        const mount = volumeMounts.find((m) => mountsFile(m, file));
        const volume = mount && volumes.find((v) => v?.name === mount.name);
        if (!mount || !volume?.secret?.secretName) {
            problems.push(`Milvus reads ${file}, but no Secret volume is mounted at ${directoryOf(file)} in the pods that serve ` +
                `clients: add a volume from the TLS Secret and a volumeMount at ${directoryOf(file)} in ${where}.`);
        }
    }
    return problems;
}

/** A volumeMount provides `file`: a whole volume at its directory, or a subPath mount at the file itself. */
export function mountsFile(mount: any, file: string): boolean {
    if (typeof mount?.mountPath !== "string") {
        return false;
    }
    return typeof mount.subPath === "string" && mount.subPath !== ""
        ? mount.mountPath === file
        : sameDirectory(mount.mountPath, directoryOf(file));
}

// 3. The three GKE annotations, HTTP2 keyed by the real port name.
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

// 4. Health check on Milvus's HTTP endpoint.
export function checkHealthCheck(props: Props): string[] {
    const hc = props.spec?.healthCheck;
    const ok = hc?.type === HEALTH_CHECK.type && Number(hc?.port) === HEALTH_CHECK.port && hc?.requestPath === HEALTH_CHECK.requestPath;
    return ok ? [] : [
        `BackendConfig ${metadata(props).name ?? ""} health check is ${JSON.stringify(hc ?? null)}: Milvus answers health checks ` +
        `over plain HTTP on port 9091 at /healthz. Set spec.healthCheck to {type: HTTP, port: 9091, requestPath: /healthz}.`,
    ];
}

// 5. HTTPS-only Ingress on a static global IP, class gce, with a service backend.
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

// 6. Key strength (mandatory) and certificate lifetime (advisory).
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

export const DEFAULT_MAX_CERT_VALIDITY_DAYS = 397;
export function checkCertValidity(props: Props, config: Record<string, any>): string[] {
    const maxDays = Number(config?.maxCertValidityDays ?? DEFAULT_MAX_CERT_VALIDITY_DAYS);
    const hours = Number(props.validityPeriodHours);
    if (!Number.isFinite(hours)) {
        return [`Self-signed certificate has no validityPeriodHours: set it (certValidityHours in the stack config) to at ` +
            `most ${maxDays * 24} hours (${maxDays} days).`];
    }
    return hours <= maxDays * 24 ? [] : [
        `Self-signed certificate valid for ${hours} hours (${Math.round(hours / 24)} days), more than ${maxDays} days: ` +
        `set certValidityHours to at most ${maxDays * 24} and let pulumi up renew it, or raise maxCertValidityDays in the pack config.`,
    ];
}

export const serviceClusterIp = resourcePolicy("milvus-service-clusterip",
    "The Milvus Helm release keeps its Service ClusterIP (no Layer-4 load balancer).", TYPES.release, checkServiceType, { severity: "high" });
export const milvusTls = resourcePolicy("milvus-tls-enabled",
    "The Milvus Helm release turns TLS on and mounts a certificate where its config points.", TYPES.release, checkMilvusTls, { severity: "high" });
export const serviceAnnotations = resourcePolicy("milvus-service-gke-annotations",
    "The Milvus Service carries app-protocols (HTTP2 by port name), backend-config and NEG annotations.", TYPES.release, checkServiceAnnotations, { severity: "high" });
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

// 7. The pieces refer to each other consistently, and the static IP is protected.
type Resource = Pick<PolicyResource, "type" | "props" | "urn" | "name"> & { opts: { protect: boolean } };
export interface Finding { message: string; urn?: string }

/** The BackendConfig names the Service's cloud.google.com/backend-config annotation refers to ("default" and per port). */
export function backendConfigNames(annotation: unknown): string[] {
    const parsed = jsonAnnotation(annotation);
    const names: unknown[] = [parsed?.default, ...Object.values(isObject(parsed?.ports) ? parsed.ports : {})];
    return names.filter((n): n is string => typeof n === "string" && n !== "");
}

export function checkStack(resources: Resource[]): Finding[] {
    const findings: Finding[] = [];
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const named = (type: string, namespace: string, name: unknown) =>
        ofType(type).find((r) => metadata(r.props).name === name && metadata(r.props).namespace === namespace);
    const ingresses = ofType(TYPES.ingress).filter((r) => metadata(r.props).annotations[ANNOTATIONS.ingressClass] === "gce");

    for (const release of ofType(TYPES.release).filter((r) => isMilvusRelease(r.props))) {
        const vals: Values = values(release.props);
        const namespace = releaseNamespace(release.props);
        const releaseName = release.props.name;
        if (typeof releaseName !== "string" || releaseName === "") {
            // Without a name the Helm provider picks a random one, so no Ingress can name the chart's Service.
            findings.push({ urn: release.urn, message: `Helm release ${release.name} has no name: the provider then picks a random ` +
                `release name and the chart's Service name ("<release>-milvus") is unknown to the Ingress. Set the Release's name ` +
                `(releaseName in the stack config).` });
            continue;
        }
        const service = chartFullname(releaseName, vals);
        const annotations = isObject(vals.service?.annotations) ? vals.service.annotations : {};
        for (const backendConfigName of backendConfigNames(annotations[ANNOTATIONS.backendConfig])) {
            if (!named(TYPES.backendConfig, namespace, backendConfigName)) {
                findings.push({ urn: release.urn, message: `The Milvus Service names BackendConfig "${backendConfigName}" in ` +
                    `${ANNOTATIONS.backendConfig}, but the stack declares no BackendConfig of that name in namespace ${namespace}: ` +
                    `declare it there (the Service and its BackendConfig must share a namespace) or fix the annotation.` });
            }
        }
        const mountedSecrets = clientPodMounts(vals).volumes.map((v) => v?.secret?.secretName).filter((s): s is string => typeof s === "string");
        for (const secretName of mountedSecrets) {
            const secret = named(TYPES.secret, namespace, secretName);
            if (!secret || secret.props.type !== "kubernetes.io/tls") {
                findings.push({ urn: release.urn, message: `Milvus mounts Secret "${secretName}", but the stack declares no ` +
                    `kubernetes.io/tls Secret of that name in namespace ${namespace}: create it (tls provider certificate) or fix the volume.` });
            }
        }
        const routing = ingresses.filter((i) => ingressBackends(i.props).some((b) => b.name === service));
        if (routing.length === 0) {
            findings.push({ urn: release.urn, message: `No gce Ingress routes to the Milvus Service "${service}" (the chart's name for ` +
                `release ${releaseName} with these values): point the Ingress backend at that Service.` });
        }
        for (const ingress of routing) {
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
    for (const ingress of ingresses) {
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
            const frontend = named(TYPES.frontendConfig, meta.namespace, frontendName);
            if (!frontend) {
                findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} opens port 80 for FrontendConfig "${frontendName}", ` +
                    `which the stack does not declare in namespace ${meta.namespace}: declare it there with ` +
                    `spec.redirectToHttps.enabled: true, or set ${ANNOTATIONS.allowHttp} to "false".` });
            } else if (frontend.props.spec?.redirectToHttps?.enabled !== true) {
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
            findings.push({ urn: ingress.urn, message: `Ingress ${meta.name} uses static IP "${ipName}", which the stack does not ` +
                `declare: declare a gcp GlobalAddress named "${ipName}" (protected) so the address is managed and kept.` });
        } else if (!address.opts.protect) {
            findings.push({ urn: address.urn, message: `GlobalAddress "${ipName}" is not protected: DNS points at it, and deleting ` +
                `it (a destroy or a replacement) breaks every client. Declare it with protect: true.` });
        }
    }
    return findings;
}

export const stackConsistency: StackValidationPolicy = {
    name: "milvus-l7-consistency",
    description: "Ingress, Service annotations, BackendConfig and certificates refer to each other; the static IP is protected.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        for (const finding of checkStack(args.resources)) {
            reportViolation(finding.message, finding.urn);
        }
    },
};

export const resourcePolicies = [serviceClusterIp, milvusTls, serviceAnnotations, backendHealthCheck, ingressHttpsOnly, keyStrength, certValidity];
export const allPolicies = [...resourcePolicies, stackConsistency];
