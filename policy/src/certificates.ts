// Keys and certificates: strength, lifetime, names, and private keys kept in secrets only.
import { allowedKeyProperties, findPrivateKeys } from "./keys";
import { asArray, isObject, metadata, nameCovers, TYPES } from "./milvus";
import { Config, Finding, Props, Resource, resourcePolicy, stackPolicy } from "./framework";
import { milvusCertificates, milvusDeployments, milvusHostGroups, milvusTlsHosts } from "./deployments";

// 8. Key strength (mandatory).
export const ECDSA_CURVES = ["P256", "P384", "P521"];
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

// 14. The self-signed certificate names the hosts clients connect to.
export function certificateNames(props: Props): { dnsNames: string[]; commonName?: string } {
    const subject = Array.isArray(props.subject) ? props.subject[0] : props.subject;
    const cn = isObject(subject) ? subject.commonName : undefined;
    return {
        dnsNames: asArray(props.dnsNames).filter((n): n is string => typeof n === "string" && n !== ""),
        commonName: typeof cn === "string" && cn !== "" ? cn : undefined,
    };
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

export const certificateNamesPolicy = stackPolicy("self-signed-cert-names",
    "The self-signed certificate behind Milvus names (SAN, and CN when set) every host the Ingress serves Milvus on.",
    checkCertificateNames, { severity: "high" });

export const stackOutputsPolicy = stackPolicy("private-key-not-a-stack-output",
    "No stack output holds private key material, secret or not.", checkStackOutputs, { severity: "critical" });
