// The Milvus release itself: a ClusterIP Service, one-way TLS with the certificate mounted where
// Milvus reads it, and a REST port of its own.
import { ignoredTlsSettings, isMilvusRelease, METRICS_PORT, MILVUS_WORKDIR, milvusBool, milvusConfig, milvusInt, milvusSetting, resolveFile, servingPod, TYPES, Values, values } from "./milvus";
import { Props, resourcePolicy } from "./framework";

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

export function ignoredHint(vals: Values): string {
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
export const TLS_FILES = [
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

export const restPort = resourcePolicy("milvus-rest-port-not-grpc",
    "With TLS on and Milvus's REST server enabled, proxy.http.port is a port of its own (never the gRPC port).",
    TYPES.release, checkRestPort, { severity: "high" });
