// Who may use Milvus through its public endpoint (issue 25): a public Ingress in front of Milvus needs Milvus's own
// authentication, or an allow-list / Cloud Armor policy on every backend. The domain is no secret (DNS, and
// Certificate Transparency logs list every certificate's names), so "nobody knows the address" protects nothing.
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { TYPES, isMilvusRelease, isObject, metadata, milvusBool, milvusConfig, milvusSetting, releaseNamespace, values } from "./milvus";

type Resource = Pick<PolicyResource, "type" | "props" | "urn" | "name">;
export interface SecurityFinding { message: string; urn?: string }

/** The Ingress annotation the stack writes (gke/MilvusFrontend.java): on, off, or kept-off-adopted. */
export const AUTHENTICATION_ANNOTATION = "milvus-gke-l7/milvus-authentication";
export const KEPT_OFF_ADOPTED = "kept-off-adopted";
const AUTHORIZATION_KEY = "common.security.authorizationEnabled";

/** GKE's internal Application Load Balancer class: not reachable from the internet. */
function isPublic(ingress: Resource): boolean {
    const meta = metadata(ingress.props);
    const className = meta.annotations["kubernetes.io/ingress.class"] ?? ingress.props?.spec?.ingressClassName;
    return className !== "gce-internal";
}

/** Milvus's authentication as the release configures it; undefined when the values are not known yet (a preview). */
function authentication(release: Resource): { on: boolean; value: string } | undefined {
    const text = values(release.props).extraConfigFiles?.["user.yaml"];
    if (text !== undefined && typeof text !== "string") {
        return undefined;
    }
    const setting = milvusSetting(milvusConfig(values(release.props)), AUTHORIZATION_KEY);
    const value = setting.isDefault ? "false (Milvus's default)" : String(setting.value);
    return { on: !setting.isDefault && milvusBool(setting.value), value };
}

function securityPolicyOf(backendConfig: Resource): string | undefined {
    const name = isObject(backendConfig.props?.spec?.securityPolicy) ? backendConfig.props.spec.securityPolicy.name : undefined;
    return typeof name === "string" && name !== "" ? name : undefined;
}

/**
 * Each public Ingress in front of a Milvus release whose authentication is off while some BackendConfig of its
 * namespace attaches no Cloud Armor policy. `kept`: report only Ingresses the stack marks as an adopted release kept
 * off (the advisory policy), or only the others (the mandatory one).
 */
export function checkPublicEndpoint(resources: Resource[], kept: boolean): SecurityFinding[] {
    const findings: SecurityFinding[] = [];
    for (const ingress of resources.filter((r) => r.type === TYPES.ingress && isPublic(r))) {
        const meta = metadata(ingress.props);
        const marker = meta.annotations[AUTHENTICATION_ANNOTATION];
        if ((marker === KEPT_OFF_ADOPTED) !== kept) {
            continue;
        }
        const releases = resources.filter((r) => r.type === TYPES.release && isMilvusRelease(r.props) && releaseNamespace(r.props) === meta.namespace);
        const open = releases.map((r) => ({ release: r, auth: authentication(r) })).filter((x) => x.auth !== undefined && !x.auth.on);
        if (open.length === 0) {
            continue;
        }
        const backendConfigs = resources.filter((r) => r.type === TYPES.backendConfig && metadata(r.props).namespace === meta.namespace);
        const unprotected = backendConfigs.filter((b) => securityPolicyOf(b) === undefined);
        if (backendConfigs.length > 0 && unprotected.length === 0) {
            continue; // every backend behind a Cloud Armor policy: an allow-list or a named policy
        }
        for (const { release, auth } of open) {
            const name = `${releaseNamespace(release.props)}/${release.props.name ?? release.name}`;
            findings.push({
                urn: ingress.urn,
                message: `Ingress ${meta.name} puts Milvus (release ${name}) on a public address with authentication off ` +
                    `(${AUTHORIZATION_KEY} is ${auth!.value}) and ${unprotected.length === 0 ? "no BackendConfig" : "BackendConfig " +
                    unprotected.map((b) => metadata(b.props).name).join(", ")} without a Cloud Armor policy: anyone who finds the ` +
                    `domain (DNS and Certificate Transparency logs publish it) can read, write and drop every collection. ` +
                    (kept ? `The adopted release is kept as it was so that its clients keep working; turn authentication on in one ` +
                        `deliberate up (config milvusAuthentication true with milvusRootPassword, root's current password), or ` +
                        `restrict who may connect (allowedSourceRanges, or securityPolicy).`
                        : `Turn authentication on (config milvusAuthentication: unset or true), or restrict who may connect ` +
                        `(config allowedSourceRanges, or securityPolicy naming a Cloud Armor policy).`),
            });
        }
    }
    return findings;
}

type Check = (resources: Resource[]) => SecurityFinding[];
export type SecurityStackPolicy = StackValidationPolicy & { check: Check };

function policy(name: string, description: string, kept: boolean, enforcementLevel: "mandatory" | "advisory"): SecurityStackPolicy {
    const check: Check = (resources) => checkPublicEndpoint(resources, kept);
    return {
        name,
        description,
        enforcementLevel,
        severity: "critical",
        check,
        validateStack: async (args: StackValidationArgs, reportViolation: ReportViolation) => {
            for (const finding of check(args.resources)) {
                reportViolation(finding.message, finding.urn);
            }
        },
    };
}

export const publicEndpointSecured = policy("milvus-public-endpoint-secured",
    "A public Ingress in front of Milvus has Milvus's authentication on, or a Cloud Armor policy (allow-list or named) on every backend.",
    false, "mandatory");
export const adoptedEndpointSecured = policy("milvus-adopted-endpoint-secured",
    "An adopted release kept with authentication off behind a public Ingress: said on every preview until it is turned on or restricted.",
    true, "advisory");

export const securityPolicies: SecurityStackPolicy[] = [publicEndpointSecured, adoptedEndpointSecured];
