// The load balancer's TLS: its SSL policy, and the FrontendConfig that puts it on the Ingress.
import { ANNOTATIONS, asArray, metadata, SSL_POLICY, TYPES } from "./milvus";
import { Config, Finding, Props, Resource, resourcePolicy, stackPolicy } from "./framework";
import { gceIngresses, milvusDeployments, namedIn, stringList } from "./deployments";

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

export const sslPolicyTls = resourcePolicy("ssl-policy-tls-1-2",
    "The load balancer's SSL policy admits TLS 1.2 or later only (minTlsVersion set), and a CUSTOM profile no weak cipher suite.",
    TYPES.sslPolicy, checkSslPolicy, { severity: "high" });

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
