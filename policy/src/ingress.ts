// The Ingress: HTTPS only on a static IP, class gce, and every gRPC method of a Milvus host routed to Milvus.
import { ANNOTATIONS, asArray, ingressBackends, IngressPath, isCatchAll, mayMatchGrpc, metadata, nameCovers, ServiceBackend, TYPES } from "./milvus";
import { Finding, Props, Resource, resourcePolicy, stackPolicy } from "./framework";
import { milvusCertificates, milvusDeployments, milvusHostGroups, milvusTlsHosts } from "./deployments";
import { certificateNames } from "./certificates";

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

// 13. Every gRPC method of a Milvus host reaches Milvus.
export const describePath = (p: IngressPath) => `${JSON.stringify(p.path)} (${p.pathType})`;
export const describeBackend = (b?: ServiceBackend) => (b?.name ? `Service ${b.name}` : "GKE's default backend, which answers 404");

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

export const ingressHttpsOnly = resourcePolicy("ingress-https-static-ip",
    "The Ingress is class gce, HTTPS only, on a static global IP, with a service backend.", TYPES.ingress, checkIngress, { severity: "critical" });

export const grpcRouting = stackPolicy("ingress-routes-all-grpc",
    "Every host of the Ingress that serves Milvus sends every gRPC method path to the Milvus Service.",
    checkGrpcRouting, { severity: "critical" });
