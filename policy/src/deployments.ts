// How the stack policies find Milvus in a stack: its releases, their Services, Ingresses, TLS Secrets and the
// certificates behind them.
import { ANNOTATIONS, asArray, chartFullname, ingressBackends, ingressDefaultBackend, ingressHostGroups, IngressPath, isCatchAll, isMilvusRelease, isObject, jsonAnnotation, metadata, milvusConfig, milvusSetting, releaseNamespace, resolveFile, ServiceBackend, servingPod, TYPES, Values, values } from "./milvus";
import { Resource } from "./framework";
import { TLS_FILES } from "./milvus-release";

/** The BackendConfig names the Service's cloud.google.com/backend-config annotation refers to ("default" and per port). */
export function backendConfigNames(annotation: unknown): string[] {
    const parsed = jsonAnnotation(annotation);
    const names: unknown[] = [parsed?.default, ...Object.values(isObject(parsed?.ports) ? parsed.ports : {})];
    return names.filter((n): n is string => typeof n === "string" && n !== "");
}

export interface MilvusDeployment {
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

export function gceIngresses(resources: Resource[]): Resource[] {
    return resources.filter((r) => r.type === TYPES.ingress && metadata(r.props).annotations[ANNOTATIONS.ingressClass] === "gce");
}

export function milvusDeployments(resources: Resource[]): MilvusDeployment[] {
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
export function milvusHostGroups(ingress: Resource, service: string, alsoMilvus: (host: string) => boolean = () => false):
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
export function milvusCertificates(d: MilvusDeployment, resources: Resource[]): Resource[] {
    const secretNames = new Set(d.tlsSecrets);
    for (const ingress of d.ingresses) {
        asArray(ingress.props.spec?.tls).map((t) => t?.secretName).filter((n): n is string => typeof n === "string").forEach((n) => secretNames.add(n));
    }
    const secrets = resources.filter((r) => r.type === TYPES.secret && secretNames.has(metadata(r.props).name ?? ""));
    return certificatesOf(secrets, resources);
}

/** Hosts an Ingress presents Milvus's Secret for (its spec.tls entries naming one of Milvus's TLS Secrets). */
export function milvusTlsHosts(ingress: Resource, d: MilvusDeployment): string[] {
    return asArray(ingress.props.spec?.tls)
        .filter((t) => typeof t?.secretName === "string" && d.tlsSecrets.includes(t.secretName))
        .flatMap((t) => asArray(t.hosts))
        .filter((h): h is string => typeof h === "string" && h !== "");
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

/** SelfSignedCerts a Secret is made from (its dependencies); all of the stack's when the link is not visible. */
export function certificatesOf(secrets: Resource[], resources: Resource[]): Resource[] {
    const linked = new Map<string, Resource>();
    for (const secret of secrets) {
        const deps = [...(secret.dependencies ?? []), ...Object.values(secret.propertyDependencies ?? {}).flat()];
        for (const dep of deps.filter((r) => r.type === TYPES.selfSignedCert)) {
            linked.set(dep.urn, dep);
        }
    }
    return linked.size > 0 ? [...linked.values()] : resources.filter((r) => r.type === TYPES.selfSignedCert);
}

export const stringList = (value: unknown): string[] => asArray(value).filter((n): n is string => typeof n === "string" && n !== "");
export const namedIn = (resources: Resource[], type: string, namespace: string, name: unknown) =>
    resources.find((r) => r.type === type && metadata(r.props).name === name && metadata(r.props).namespace === namespace);
export const dependenciesOf = (r: Resource): Resource[] => [...(r.dependencies ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()];
