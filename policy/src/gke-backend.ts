// GKE's side of the backend: the Service's NEG/protocol/BackendConfig annotations, the BackendConfig's
// health check, and every Service behind a Milvus host.
import { ANNOTATIONS, chartContainerPort, DEFAULT_SERVICE_PORT, HEALTH_CHECK, isCatchAll, isMilvusRelease, isObject, jsonAnnotation, metadata, milvusBool, milvusConfig, milvusInt, milvusSetting, ServiceBackend, servicePortEntries, servicePortName, servicePorts, servingComponent, servingPodLabels, TYPES, Values, values } from "./milvus";
import { Config, Finding, Props, Resource, resourcePolicy, stackPolicy } from "./framework";
import { MilvusDeployment, milvusDeployments, milvusHostGroups, namedIn, stringList } from "./deployments";
import { describePath } from "./ingress";

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

// 20. Every Service behind a Milvus host is a ClusterIP NEG backend, with the protocol and health check of the Milvus
// port it targets.
export interface MilvusPorts { grpc: number; rest?: number; restOff: string }

export function milvusPorts(vals: Values): MilvusPorts {
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

export function checkBackendService(service: Resource, backend: ServiceBackend, route: string, d: MilvusDeployment, resources: Resource[]): string[] {
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

export const serviceAnnotations = resourcePolicy("milvus-service-gke-annotations",
    "The Milvus Service carries app-protocols (HTTP2 by port name), backend-config and NEG annotations.", TYPES.release, checkServiceAnnotations, { severity: "high" });

export const backendConfigPorts = resourcePolicy("milvus-backend-config-ports",
    "A per-port backend-config annotation names ports the Milvus Service has, and the Milvus port gets a BackendConfig.",
    TYPES.release, checkBackendConfigPorts, { severity: "high" });

export const backendHealthCheck = resourcePolicy("backendconfig-milvus-health-check",
    "BackendConfig health checks Milvus over HTTP on 9091 at /healthz.", TYPES.backendConfig, checkHealthCheck, { severity: "high" });

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
