// Finding private key material in resource properties and stack outputs.
//
// CrossGuard hands a policy every property in clear: the analyzer unwraps secrets before calling a validation
// (@pulumi/policy deserializeProperties), so a policy cannot tell a secret property from a plain one. What it can
// tell is *where* a key is. A key is allowed only in properties that the providers treat as secret whatever the
// program does (listed below); anywhere else it ends up in plain text somewhere (Helm values in the release's
// manifest and the state, annotations in the cluster, outputs in every StackReference).
import { TYPES, isObject } from "./milvus";

/** A PEM private key block: PRIVATE KEY, RSA/EC/DSA/OPENSSH/ENCRYPTED PRIVATE KEY. */
const PEM_PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----/;
/** "-----BEGIN" in base64 starts with this (at a 3-byte boundary, which is where an encoded PEM file starts). */
const BASE64_PEM_START = "LS0tLS1CRUdJTi";

/** The kind of private key in a string ("RSA PRIVATE KEY", ...), in clear or base64-encoded (e.g. Secret data, kubeconfig). */
export function privateKeyIn(text: string, depth = 0): string | undefined {
    const clear = PEM_PRIVATE_KEY.exec(text);
    if (clear) {
        return clear[1];
    }
    if (depth >= 3) {
        return undefined;
    }
    // Base64 as one run (Secret data, a kubeconfig's client-key-data, a whole encoded file) or wrapped over lines:
    // decode every long run, and look inside what it decodes to (text that may hold base64 again).
    const seen = new Set<string>();
    for (const candidate of [text, text.replace(/\s+/g, "")]) {
        for (const run of candidate.match(/[A-Za-z0-9+/_-]{40,}={0,2}/g) ?? []) {
            const start = run.indexOf(BASE64_PEM_START);
            for (const from of start > 0 ? [run, run.substring(start)] : [run]) {
                if (seen.has(from)) {
                    continue;
                }
                seen.add(from);
                const decoded = Buffer.from(from.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("latin1");
                const found = privateKeyIn(decoded, depth + 1);
                if (found !== undefined) {
                    return found.endsWith("(base64-encoded)") ? found : `${found} (base64-encoded)`;
                }
            }
        }
    }
    return undefined;
}

/**
 * Properties that hold a private key by design and that the provider always stores as a secret (their schema marks
 * them secret): the key generators' outputs, the certificate resources' key inputs, Kubernetes Secret data, the
 * Kubernetes provider's kubeconfig, the Google Cloud provider's credentials (`pulumi config set --secret`) and Google
 * Cloud's certificate resources. Keys are top-level property names.
 */
export const SECRET_PROPERTIES: Record<string, readonly string[]> = {
    [TYPES.privateKey]: ["privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh"],
    [TYPES.selfSignedCert]: ["privateKeyPem"],
    "tls:index/certRequest:CertRequest": ["privateKeyPem"],
    "tls:index/locallySignedCert:LocallySignedCert": ["caPrivateKeyPem"],
    [TYPES.secret]: ["data", "stringData"],
    "kubernetes:core/v1:SecretPatch": ["data", "stringData"],
    "pulumi:providers:kubernetes": ["kubeconfig"],
    "pulumi:providers:gcp": ["credentials", "accessToken"],
    "gcp:compute/sslCertificate:SslCertificate": ["privateKey"],
    "gcp:compute/regionSslCertificate:RegionSslCertificate": ["privateKey"],
    "gcp:certificatemanager/certificate:Certificate": ["selfManaged"],
};

export interface KeyFinding { path: string; kind: string }

/**
 * Every property path of `props` holding a private key, outside `allowed` top-level properties. Values that cannot be
 * read (CrossGuard's unknowns during preview throw on access) are skipped: they are checked again on `up`.
 */
export function findPrivateKeys(props: unknown, allowed: readonly string[] = []): KeyFinding[] {
    const found: KeyFinding[] = [];
    const walk = (value: unknown, path: string, depth: number) => {
        if (depth > 64) {
            return;
        }
        if (typeof value === "string") {
            const kind = privateKeyIn(value);
            if (kind !== undefined) {
                found.push({ path: path === "" ? "(the value)" : path, kind });
            }
            return;
        }
        if (Array.isArray(value)) {
            for (let i = 0; i < readable(() => value.length, 0); i++) {
                walk(readable(() => value[i], undefined), `${path}[${i}]`, depth + 1);
            }
            return;
        }
        if (isObject(value)) {
            for (const key of readable(() => Object.keys(value), [] as string[])) {
                if (depth === 0 && allowed.includes(key)) {
                    continue;
                }
                walk(readable(() => value[key], undefined), path === "" ? key : `${path}.${key}`, depth + 1);
            }
        }
    };
    walk(props, "", 0);
    return found;
}

/** The properties a resource of `type` may hold a key in; a StackReference's outputs that the other stack made secret. */
export function allowedKeyProperties(type: string, props: Record<string, any>): { allowed: readonly string[]; props: unknown } {
    if (type === TYPES.stackReference) {
        const secretNames = readable(() => props.secretOutputNames, undefined);
        const outputs = readable(() => props.outputs, undefined);
        if (!Array.isArray(secretNames) || !isObject(outputs)) {
            return { allowed: [], props: {} }; // unknown during preview: nothing to say yet
        }
        const plain: Record<string, unknown> = {};
        for (const name of readable(() => Object.keys(outputs), [] as string[])) {
            if (!secretNames.includes(name)) {
                plain[name] = readable(() => outputs[name], undefined);
            }
        }
        return { allowed: [], props: { outputs: plain } };
    }
    return { allowed: SECRET_PROPERTIES[type] ?? [], props };
}

function readable<T>(get: () => T, fallback: T): T {
    try {
        return get();
    } catch {
        return fallback; // an unknown value during preview
    }
}
