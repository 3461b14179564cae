// The stack as a whole: the pieces refer to each other, the static IP is protected, the A record is the
// Ingress host.
import { ANNOTATIONS, asArray, ingressBackends, ingressHosts, isObject, metadata, readKnown, servicePort, servicePortName, TYPES } from "./milvus";
import { Config, Finding, Resource, stackPolicy } from "./framework";
import { backendConfigNames, dependenciesOf, gceIngresses, milvusDeployments, milvusHostGroups } from "./deployments";

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

// 19. The A record clients resolve is the Ingress host, fully qualified.
export const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

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

export const dnsRecords = stackPolicy("dns-record-matches-ingress-host",
    "The A record pointing at Milvus's load balancer is the Ingress host with a trailing dot, with IPv4 rrdatas.",
    checkDnsRecords, { severity: "high" });
