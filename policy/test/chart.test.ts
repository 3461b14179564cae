// The real milvus chart (shared/charts/milvus-<version>.tgz) rendered with `helm template` from each offline plan's
// Helm values (target/plan/<stack>/helm/<release>.values.yaml): what the program relies on the chart to make of them.
//   1. the client Service: exactly the name the program computed (output milvusServiceName), ClusterIP, the three GKE
//      annotations (app-protocols keyed to a port the Service has, HTTP2 for 19530; backend-config; neg), port 19530
//      and the metrics port 9091, both reaching the serving container, and the BackendConfig's health check port too;
//   2. the pods that serve clients (proxy in cluster mode, standalone otherwise) hold the TLS Secret (output
//      tlsSecretName) so that user.yaml's tls.serverPemPath and serverKeyPath are its tls.crt and tls.key, and carry
//      the pod-template annotation checksum/tls-certificate;
//   3. the ConfigMap's user.yaml (the one mounted at /milvus/configs/user.yaml) is the program's: tlsMode 1, the TLS
//      paths, and with restApi proxy.http.enabled true on 8080 (off otherwise);
//   4. with restApi, the REST Service the program declares selects the serving pods, and only them, on the REST port
//      (MilvusChart.servingPodSelector against the real chart);
//   5. every Ingress backend is a Service (the chart's or the program's) with the port the Ingress names, behind
//      which are the serving pods, and the catch-all path goes to the chart's client Service on 19530.
// A further test holds the policy pack's own model of the chart (src/milvus.ts) against the render, and breakages of
// the values (or of the plan) show each check failing for the reason it exists.
// Plans are found as in plans.test.ts ($PLAN_DIR, else ../target/plan; skipped, saying why, only without PLAN_DIR and
// without ../target/plan); helm and the chart: see test/helm.ts.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { Plan, PlanResource, planDir, planSkipReason, planStacks, readPlan, withoutPlaceholderLabels } from "./harness";
import { ChartRef, chartSkipReason, chartTgz, helm, helmVersion, renderChart, scratchDir, SHARED_CHARTS } from "./helm";
import {
    ANNOTATIONS, HEALTH_CHECK, TYPES, Values, chartContainerPort, chartFullname, ingressBackends, ingressHostGroups, isCatchAll,
    milvusBool, milvusConfig, milvusInt, milvusSetting, servicePorts, servingComponent, servingPod, servingPodLabels,
} from "../src/milvus";

const GRPC_PORT = 19530;
const METRICS_PORT = 9091;
const REST_PORT = 8080;
const USER_YAML_PATH = "/milvus/configs/user.yaml";
const CHECKSUM_ANNOTATION = "checksum/tls-certificate";
/** What the offline plan writes in place of a secret value. */
const REDACTED = "[secret]";

const skip = planSkipReason() ?? chartSkipReason();
const STACKS = planStacks();
if (skip !== undefined) {
    console.log(`chart tests skipped: ${skip} (with PLAN_DIR set, as \`mvn -B verify\` sets it, a missing plan or chart fails instead)`);
}

// ---- a plan's release, rendered -------------------------------------------------------------------------------

interface Release {
    stack: string;
    plan: Plan;
    ref: ChartRef;
    /** The plan's Helm values (helm/<release>.values.yaml); a value redacted to "[secret]" is rendered with a dummy. */
    values: Values;
    /** What `helm template` made of them. */
    objects: any[];
}

function redactedPaths(value: unknown, at = ""): string[] {
    if (value === REDACTED) {
        return [at];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => redactedPaths(v, `${at}[${i}]`));
    }
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => redactedPaths(v, at === "" ? k : `${at}.${k}`));
    }
    return [];
}

function withDummies(value: unknown): unknown {
    if (value === REDACTED) {
        return "redacted-in-the-plan";
    }
    if (Array.isArray(value)) {
        return value.map(withDummies);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDummies(v)]));
    }
    return value;
}

let scratchFiles = 0;
/** Renders values: the plan's own file when it is unchanged and has nothing redacted, else a copy in the scratch dir. */
function render(ref: ChartRef, values: Values, file?: string): any[] {
    let valuesFile = file;
    if (valuesFile === undefined || redactedPaths(values).length > 0) {
        valuesFile = path.join(scratchDir(), `values-${++scratchFiles}.yaml`);
        fs.writeFileSync(valuesFile, stringifyYaml(withDummies(values)));
    }
    const tgz = chartTgz(ref);
    assert.ok(fs.existsSync(tgz), missingChart(ref, tgz));
    return renderChart(ref, tgz, valuesFile);
}

function missingChart(ref: ChartRef, tgz: string): string {
    return process.env.MILVUS_CHART_TGZ
        ? `MILVUS_CHART_TGZ is ${process.env.MILVUS_CHART_TGZ}, which does not exist`
        : `${tgz} is missing: the chart tests render the real chart ${ref.chart} ${ref.version} from ${SHARED_CHARTS} (shared/ ` +
          `beside the repository), or from MILVUS_CHART_TGZ`;
}

function planRelease(stack: string): { ref: ChartRef; valuesFile: string } {
    const dir = path.join(planDir(), stack, "helm");
    const refs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".chart.json")) : [];
    assert.equal(refs.length, 1, `${dir}: expected one <release>.chart.json (the program makes one Milvus release), found ${refs.length}`);
    const ref = JSON.parse(fs.readFileSync(path.join(dir, refs[0]), "utf8")) as ChartRef;
    return { ref, valuesFile: path.join(dir, `${ref.name}.values.yaml`) };
}

const releases = new Map<string, Release>();
function release(stack: string): Release {
    if (!releases.has(stack)) {
        const plan = readPlan(stack);
        const { ref, valuesFile } = planRelease(stack);
        // Rendered with the stand-ins the program was given (the certificate checksum is labelled " [placeholder]" in the file).
        const labelled = parseYaml(fs.readFileSync(valuesFile, "utf8")) as Values;
        const values = withoutPlaceholderLabels(labelled);
        const unchanged = JSON.stringify(values) === JSON.stringify(labelled);
        releases.set(stack, { stack, plan, ref, values, objects: render(ref, values, unchanged ? valuesFile : undefined) });
    }
    return releases.get(stack)!;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** The release rendered again from changed values and/or a changed plan. */
function changed(base: Release, edit: { values?: (v: Values) => void; plan?: (p: Plan) => void }): Release {
    const values = clone(base.values);
    const plan = clone(base.plan);
    edit.values?.(values);
    edit.plan?.(plan);
    return { ...base, plan, values, objects: edit.values ? render(base.ref, values) : base.objects };
}

// ---- reading the render ---------------------------------------------------------------------------------------

const namespaceOf = (r: Release, o: any): string => o?.metadata?.namespace ?? r.ref.namespace;
const describe = (o: any) => `${o.kind} ${o.metadata?.name}`;
const list = (xs: string[]) => xs.length === 0 ? "none" : xs.join(", ");
/** Whether a Service selector (non-empty, as a Service without one selects nothing by itself) selects these labels. */
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
    selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function planResources(r: Release, type: string): PlanResource[] {
    return r.plan.resources.filter((x) => x.type === type);
}

function isRestApi(r: Release): boolean {
    return typeof r.plan.outputs.restEndpoint === "string" && r.plan.outputs.restEndpoint !== "";
}

/** Every pod template the render holds (workloads of Milvus and of the subcharts). */
function podTemplates(r: Release): { owner: any; namespace: string; labels: Record<string, string> }[] {
    return r.objects.flatMap((o) => {
        const template = o.kind === "CronJob" ? o.spec?.jobTemplate?.spec?.template : o.kind === "Pod" ? o : o.spec?.template;
        return template?.metadata ? [{ owner: o, namespace: namespaceOf(r, o), labels: template.metadata.labels ?? {} }] : [];
    });
}

interface Serving { component: string; workload: any; pod: any; container: any; labels: Record<string, string> }

/** The Deployment whose pods serve clients: component proxy in cluster mode, standalone otherwise. */
function serving(r: Release): Serving {
    const component = r.values.cluster?.enabled === false ? "standalone" : "proxy";
    const found = r.objects.filter((o) => o.kind === "Deployment" && o.spec?.template?.metadata?.labels?.component === component &&
        o.spec.template.metadata.labels["app.kubernetes.io/instance"] === r.ref.name);
    assert.equal(found.length, 1, `${r.stack}: expected one Deployment of component ${component} (the pods that serve clients), ` +
        `the chart renders ${list(found.map(describe))}`);
    const workload = found[0];
    const pod = workload.spec.template.spec;
    const container = (pod.containers ?? []).find((c: any) => c.name === component);
    assert.ok(container, `${r.stack}: ${describe(workload)} has no container named ${component}`);
    return { component, workload, pod, container, labels: workload.spec.template.metadata.labels };
}

/** The container port a Service's targetPort reaches (a number, or the name of a container port). */
function containerPort(container: any, target: number | string): number | undefined {
    if (typeof target === "number" || /^\d+$/.test(String(target))) {
        return Number(target);
    }
    return (container.ports ?? []).find((p: any) => p.name === target)?.containerPort;
}

/** The user.yaml the serving container reads: the ConfigMap entry mounted at /milvus/configs/user.yaml. */
function mountedUserYaml(r: Release, s: Serving): { configMap: string; key: string; text: string } {
    const mount = (s.container.volumeMounts ?? []).find((m: any) => m.mountPath === USER_YAML_PATH);
    assert.ok(mount, `${r.stack}: nothing is mounted at ${USER_YAML_PATH} in ${describe(s.workload)}`);
    const volume = (s.pod.volumes ?? []).find((v: any) => v.name === mount.name);
    const name = volume?.configMap?.name;
    assert.ok(name, `${r.stack}: ${USER_YAML_PATH} is volume ${mount.name}, not a ConfigMap`);
    const configMap = r.objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === name && namespaceOf(r, o) === namespaceOf(r, s.workload));
    assert.ok(configMap, `${r.stack}: ${USER_YAML_PATH} comes from ConfigMap ${name}, which the chart does not render`);
    const key = mount.subPath ?? "user.yaml";
    const text = configMap.data?.[key];
    assert.equal(typeof text, "string", `${r.stack}: ConfigMap ${name} has no ${key}, which is mounted at ${USER_YAML_PATH}`);
    return { configMap: name, key, text };
}

/** Milvus's reading of a user.yaml (any key spelling, milvus.yaml's defaults for unset keys). */
function setting(userYaml: string, key: string): string | undefined {
    return milvusSetting(milvusConfig({ extraConfigFiles: { "user.yaml": userYaml } }), key).value;
}

/** The first value of `key` anywhere in a tree of values. */
function findKey(value: unknown, key: string): unknown {
    if (typeof value !== "object" || value === null) {
        return undefined;
    }
    if (!Array.isArray(value) && key in value) {
        return (value as Record<string, unknown>)[key];
    }
    for (const v of Object.values(value)) {
        const found = findKey(v, key);
        if (found !== undefined) {
            return found;
        }
    }
    return undefined;
}

const TLS_SECRET_FILES = ["tls.crt", "tls.key"];

/**
 * Where `file` (absolute, or relative to the image's working directory /milvus) is in the container, as the kubelet
 * lays volumes out: the deepest mount containing it; its subPath; a secret volume's keys (a kubernetes.io/tls Secret:
 * tls.crt and tls.key) or the items it projects. A string says why no Secret key is there.
 */
function fileInContainer(s: Serving, file: string): { secretName: string; key: string; mountPath: string } | string {
    const abs = path.posix.resolve("/milvus", file);
    const mounts = (s.container.volumeMounts ?? []).map((m: any) => ({ m, at: path.posix.normalize(m.mountPath).replace(/(.)\/$/, "$1") }))
        .filter(({ at }: { at: string }) => abs === at || abs.startsWith(at === "/" ? "/" : at + "/"));
    if (mounts.length === 0) {
        return `no volume is mounted at ${path.posix.dirname(abs)} or above it`;
    }
    const { m, at } = mounts.reduce((a: any, b: any) => (b.at.length > a.at.length ? b : a));
    const volume = (s.pod.volumes ?? []).find((v: any) => v.name === m.name);
    if (volume?.secret === undefined) {
        return `the deepest mount holding it is ${m.name} at ${at}, ${volume === undefined ? "a volume the pod does not have" : "not a secret volume"}`;
    }
    const entries: { key: string; path: string }[] = Array.isArray(volume.secret.items)
        ? volume.secret.items.map((i: any) => ({ key: i.key, path: path.posix.normalize(i.path) }))
        : TLS_SECRET_FILES.map((k) => ({ key: k, path: k }));
    const entry = m.subPath ? (abs === at ? m.subPath : undefined) : abs.substring(at.length + 1);
    const found = entries.find((e) => e.path === entry);
    if (found === undefined) {
        return `secret volume ${m.name} (Secret ${volume.secret.secretName}) is mounted at ${at}${m.subPath ? ` with subPath ${m.subPath}` : ""}, ` +
            `and has no file ${entry ?? path.posix.basename(abs)} there (it has ${list(entries.map((e) => e.path))})`;
    }
    return { secretName: volume.secret.secretName, key: found.key, mountPath: at };
}

// ---- the checks -----------------------------------------------------------------------------------------------

/** 1. The client Service: name, type, GKE annotations, ports 19530 and 9091, and the pods and ports behind them. */
function checkClientService(r: Release) {
    const name = r.plan.outputs.milvusServiceName;
    assert.ok(typeof name === "string" && name !== "", `${r.stack}: the plan has no output milvusServiceName`);
    const services = r.objects.filter((o) => o.kind === "Service");
    const found = services.filter((o) => o.metadata?.name === name && namespaceOf(r, o) === r.ref.namespace);
    assert.equal(found.length, 1, `${r.stack}: the chart renders no Service named ${name} (output milvusServiceName) in namespace ` +
        `${r.ref.namespace}; it renders ${list(services.map((o) => `${namespaceOf(r, o)}/${o.metadata?.name}`))}`);
    const svc = found[0];
    assert.equal(svc.spec?.type ?? "ClusterIP", "ClusterIP", `${r.stack}: Service ${name} is type ${svc.spec?.type}, not ClusterIP`);
    const ports: any[] = svc.spec?.ports ?? [];
    const portList = list(ports.map((p) => `${p.name}/${p.port}`));
    const annotations = svc.metadata?.annotations ?? {};
    for (const key of [ANNOTATIONS.appProtocols, ANNOTATIONS.backendConfig, ANNOTATIONS.neg]) {
        const want = r.values.service?.annotations?.[key];
        assert.equal(typeof want, "string", `${r.stack}: the values set no service.annotations["${key}"]`);
        assert.equal(annotations[key], want, `${r.stack}: Service ${name} does not carry ${key} from the values`);
    }
    const hasPort = (key: string) => ports.some((p) => p.name === key || String(p.port) === key);
    const grpc = ports.find((p) => p.port === GRPC_PORT);
    assert.ok(grpc, `${r.stack}: Service ${name} has no port ${GRPC_PORT} (ports: ${portList})`);
    const protocols = JSON.parse(annotations[ANNOTATIONS.appProtocols]);
    for (const key of Object.keys(protocols)) {
        assert.ok(hasPort(key), `${r.stack}: ${ANNOTATIONS.appProtocols} names port "${key}", which Service ${name} does not have ` +
            `(ports: ${portList}): GKE ignores it and speaks HTTP/1.1 to Milvus`);
    }
    assert.equal(protocols[grpc.name] ?? protocols[String(GRPC_PORT)], "HTTP2",
        `${r.stack}: ${ANNOTATIONS.appProtocols} does not make port ${grpc.name} (${GRPC_PORT}) HTTP2`);
    const backendConfig = JSON.parse(annotations[ANNOTATIONS.backendConfig]);
    for (const key of Object.keys(backendConfig.ports ?? {})) {
        assert.ok(hasPort(key), `${r.stack}: ${ANNOTATIONS.backendConfig} names port "${key}", which Service ${name} does not have (ports: ${portList})`);
    }
    const backendConfigName = backendConfig.ports?.[grpc.name] ?? backendConfig.ports?.[String(GRPC_PORT)] ?? backendConfig.default;
    assert.ok(backendConfigName, `${r.stack}: no BackendConfig applies to port ${grpc.name} (${GRPC_PORT}) of Service ${name}`);
    assert.deepEqual(JSON.parse(annotations[ANNOTATIONS.neg]), { ingress: true }, `${r.stack}: ${ANNOTATIONS.neg} is not {"ingress":true}`);
    const metrics = ports.find((p) => p.port === METRICS_PORT);
    assert.ok(metrics, `${r.stack}: Service ${name} has no metrics port ${METRICS_PORT} (ports: ${portList})`);
    assert.equal(metrics.name, "metrics", `${r.stack}: port ${METRICS_PORT} of Service ${name} is not named metrics`);

    // Behind it: the serving pods, listening on the ports the Service targets and on the health check's port.
    const s = serving(r);
    assert.ok(selects(svc.spec?.selector, s.labels), `${r.stack}: Service ${name} selects ${JSON.stringify(svc.spec?.selector)}, ` +
        `not the ${s.component} pods (${JSON.stringify(s.labels)})`);
    for (const [p, want] of [[grpc, GRPC_PORT], [metrics, METRICS_PORT]] as const) {
        assert.equal(containerPort(s.container, p.targetPort ?? p.port), want,
            `${r.stack}: port ${p.name} of Service ${name} targets ${p.targetPort}, which is not container port ${want} of ${s.component}`);
    }
    const bc = planResources(r, TYPES.backendConfig).find((x) => x.inputs.metadata?.name === backendConfigName);
    assert.ok(bc, `${r.stack}: the plan declares no BackendConfig ${backendConfigName}`);
    const checkPort = bc.inputs.spec?.healthCheck?.port;
    assert.ok((s.container.ports ?? []).some((p: any) => p.containerPort === checkPort),
        `${r.stack}: BackendConfig ${backendConfigName} health-checks port ${checkPort}, which the ${s.component} container does not declare ` +
        `(GKE health-checks a NEG's pods on a port they serve; ${HEALTH_CHECK.port} is Milvus's metrics port)`);
}

/** 2. The serving pods hold the TLS Secret's tls.crt and tls.key where user.yaml says, and the certificate checksum. */
function checkTlsFiles(r: Release) {
    const s = serving(r);
    const secretName = r.plan.outputs.tlsSecretName;
    assert.ok(typeof secretName === "string" && secretName !== "", `${r.stack}: the plan has no output tlsSecretName`);
    const secret = planResources(r, TYPES.secret).find((x) => x.inputs.metadata?.name === secretName &&
        (x.inputs.metadata?.namespace ?? "default") === r.ref.namespace);
    assert.equal(secret?.inputs.type, "kubernetes.io/tls", `${r.stack}: the plan declares no kubernetes.io/tls Secret ${secretName} in ${r.ref.namespace}`);
    const { text } = mountedUserYaml(r, s);
    for (const [key, file] of [["tls.serverPemPath", "tls.crt"], ["tls.serverKeyPath", "tls.key"]]) {
        const where = setting(text, key)!;
        const found = fileInContainer(s, where);
        assert.ok(typeof found !== "string", `${r.stack}: ${key} is ${where}, which is not a file of Secret ${secretName} in the ` +
            `${s.component} container: ${found}`);
        assert.equal(found.secretName, secretName, `${r.stack}: ${key} (${where}) is in Secret ${found.secretName}, not ${secretName}`);
        assert.equal(found.key, file, `${r.stack}: ${key} (${where}) is ${found.key} of Secret ${secretName}, not ${file}`);
    }
    const annotations = s.workload.spec.template.metadata.annotations ?? {};
    // The program puts it in proxy.annotations (cluster mode) or the global annotations (standalone): wherever the
    // values hold it, the chart must put it on the serving pods' template.
    const want = findKey(r.values, CHECKSUM_ANNOTATION);
    assert.match(String(want), /^[0-9a-f]{64}$/, `${r.stack}: the values hold no ${CHECKSUM_ANNOTATION}`);
    assert.equal(annotations[CHECKSUM_ANNOTATION], want, `${r.stack}: the ${s.component} pod template has no annotation ` +
        `${CHECKSUM_ANNOTATION}=${want} (pod annotations: ${JSON.stringify(annotations)}), so a new certificate would not restart the pods`);
}

/** 3. The user.yaml the serving container reads is the program's: tlsMode 1, the TLS paths, REST as restApi says. */
function checkUserYaml(r: Release) {
    const s = serving(r);
    const { configMap, key, text } = mountedUserYaml(r, s);
    const where = `user.yaml of ConfigMap ${configMap} (key ${key})`;
    assert.equal(setting(text, "common.security.tlsMode"), "1", `${r.stack}: ${where} does not set common.security.tlsMode 1`);
    for (const k of ["tls.serverPemPath", "tls.serverKeyPath"]) {
        assert.ok(milvusSetting(milvusConfig({ extraConfigFiles: { "user.yaml": text } }), k).isDefault === false, `${r.stack}: ${where} does not set ${k}`);
    }
    const enabled = milvusBool(setting(text, "proxy.http.enabled"));
    if (isRestApi(r)) {
        assert.equal(enabled, true, `${r.stack}: restApi is on, but ${where} does not set proxy.http.enabled true`);
        assert.equal(milvusInt(setting(text, "proxy.http.port")), REST_PORT, `${r.stack}: ${where} does not set proxy.http.port ${REST_PORT}`);
    } else {
        assert.equal(enabled, false, `${r.stack}: restApi is off, but ${where} leaves Milvus's REST server on`);
    }
    const program = r.values.extraConfigFiles?.["user.yaml"];
    assert.equal(typeof program, "string", `${r.stack}: the values have no extraConfigFiles["user.yaml"]`);
    assert.deepEqual(parseYaml(text), parseYaml(program), `${r.stack}: ${where} is not the program's extraConfigFiles["user.yaml"]`);
}

/** The REST Service the program declares (restApi): the Service of the plan with a port named "rest". */
function restService(r: Release): PlanResource {
    const found = planResources(r, TYPES.service).filter((x) => (x.inputs.spec?.ports ?? []).some((p: any) => p.name === "rest"));
    assert.equal(found.length, 1, `${r.stack}: restApi is on (restEndpoint ${r.plan.outputs.restEndpoint}), expected one REST Service in the plan`);
    return found[0];
}

/** 4. The REST Service selects the serving pods and no other pod, on the port Milvus serves REST on. */
function checkRestSelector(r: Release) {
    const s = serving(r);
    const svc = restService(r);
    const name = svc.inputs.metadata?.name;
    const namespace = svc.inputs.metadata?.namespace ?? "default";
    const selector = svc.inputs.spec?.selector;
    assert.equal(namespace, r.ref.namespace, `${r.stack}: REST Service ${name} is in ${namespace}, the release in ${r.ref.namespace}`);
    assert.ok(selects(selector, s.labels), `${r.stack}: REST Service ${name} selects ${JSON.stringify(selector)}, which the ` +
        `${s.component} pods of the chart (${JSON.stringify(s.labels)}) do not match: its NEG would be empty`);
    const others = podTemplates(r).filter((t) => t.owner !== s.workload && t.namespace === namespace && selects(selector, t.labels));
    assert.deepEqual(others.map((t) => describe(t.owner)), [], `${r.stack}: REST Service ${name} also selects pods that do not serve clients`);
    const { text } = mountedUserYaml(r, s);
    const restPort = milvusInt(setting(text, "proxy.http.port"));
    for (const p of svc.inputs.spec.ports.filter((x: any) => x.name === "rest")) {
        const target = p.targetPort ?? p.port;
        const port = /^\d+$/.test(String(target)) ? Number(target) : containerPort(s.container, target);
        assert.equal(port, restPort, `${r.stack}: REST Service ${name} targets ${target}, Milvus serves REST on ${restPort}`);
    }
}

/** 5. Every Ingress backend is a Service with that port over the serving pods; the catch-all goes to the chart's Service. */
function checkIngress(r: Release) {
    const ingresses = planResources(r, TYPES.ingress);
    assert.ok(ingresses.length > 0, `${r.stack}: the plan has no Ingress`);
    const s = serving(r);
    const clientService = r.plan.outputs.milvusServiceName;
    for (const ingress of ingresses) {
        const ns = ingress.inputs.metadata?.namespace ?? "default";
        const iname = `Ingress ${ingress.inputs.metadata?.name}`;
        for (const backend of ingressBackends(ingress.inputs)) {
            const port = backend.port.number ?? backend.port.name;
            const rendered = r.objects.find((o) => o.kind === "Service" && o.metadata?.name === backend.name && namespaceOf(r, o) === ns);
            const declared = planResources(r, TYPES.service).find((x) => x.inputs.metadata?.name === backend.name && (x.inputs.metadata?.namespace ?? "default") === ns);
            const spec = rendered?.spec ?? declared?.inputs.spec;
            assert.ok(spec, `${r.stack}: ${iname} routes to Service ${ns}/${backend.name}, which neither the chart renders nor the program declares`);
            const ports: any[] = spec.ports ?? [];
            assert.ok(ports.some((p) => (backend.port.number !== undefined ? p.port === backend.port.number : p.name === backend.port.name)),
                `${r.stack}: ${iname} routes to port ${port} of Service ${backend.name}, which has ${list(ports.map((p) => `${p.name}/${p.port}`))}`);
            assert.ok(selects(spec.selector, s.labels), `${r.stack}: ${iname} routes to Service ${backend.name}, which does not select the ` +
                `${s.component} pods the chart renders`);
        }
        for (const [host, paths] of ingressHostGroups(ingress.inputs)) {
            for (const p of paths.filter(isCatchAll)) {
                assert.equal(p.backend?.name, clientService, `${r.stack}: ${iname} sends ${host}${p.path} to ${p.backend?.name}, not to the chart's Service`);
                assert.ok(p.backend?.port.number === GRPC_PORT || (p.backend?.port.name !== undefined &&
                    r.objects.some((o) => o.kind === "Service" && o.metadata?.name === clientService &&
                        (o.spec?.ports ?? []).some((x: any) => x.name === p.backend!.port.name && x.port === GRPC_PORT))),
                `${r.stack}: ${iname} sends ${host}${p.path} to port ${p.backend?.port.number ?? p.backend?.port.name}, not ${GRPC_PORT}`);
                assert.ok(r.objects.some((o) => o.kind === "Service" && o.metadata?.name === clientService && namespaceOf(r, o) === ns),
                    `${r.stack}: ${iname} is in ${ns}, the chart's Service ${clientService} is not`);
            }
        }
    }
}

// ---- the tests ------------------------------------------------------------------------------------------------

// Needs no plan: helm comes from the devDependency (or HELM_BIN).
test("helm: a helm that renders the chart (the pulsar subchart needs 3.10 or later)", (t) => {
    const version = helmVersion();
    t.diagnostic(`helm ${version}`);
    const m = /^v(\d+)\.(\d+)\./.exec(version);
    assert.ok(m, version);
    assert.ok(Number(m[1]) > 3 || (Number(m[1]) === 3 && Number(m[2]) >= 10), `helm ${version} is older than 3.10`);
});

for (const stack of STACKS) {
    test(`${stack} chart: helm/<release>.chart.json and values.yaml are the plan's Release, and the chart is that chart`, { skip }, (t) => {
        const plan = readPlan(stack);
        const { ref, valuesFile } = planRelease(stack);
        const found = plan.resources.filter((x) => x.type === TYPES.release);
        assert.equal(found.length, 1, `${stack}: expected one Helm Release in the plan`);
        const inputs = found[0].inputs;
        assert.deepEqual(ref, { repo: inputs.repositoryOpts?.repo, chart: inputs.chart, version: inputs.version, name: inputs.name,
            namespace: inputs.namespace }, `${stack}: chart.json is not the Release's chart, version, name and namespace`);
        const values = withoutPlaceholderLabels(parseYaml(fs.readFileSync(valuesFile, "utf8")));
        assert.deepEqual(values, inputs.values, `${stack}: ${path.basename(valuesFile)} is not the Release's values`);
        // A redacted value is one the plan says is secret (values.<path> in the Release's secretPaths).
        const secret = new Set((found[0].secretPaths ?? []).filter((p) => p.startsWith("values.")).map((p) => p.substring("values.".length)));
        assert.deepEqual(redactedPaths(values).filter((p) => !secret.has(p)), [], `${stack}: values redacted that the plan does not call secret`);
        if (redactedPaths(values).length > 0) {
            t.diagnostic(`${stack}: rendered with dummies in place of ${redactedPaths(values).join(", ")}`);
        }
        const tgz = chartTgz(ref);
        assert.ok(fs.existsSync(tgz), missingChart(ref, tgz));
        const chart = parseYaml(helm(["show", "chart", tgz]));
        assert.deepEqual({ name: chart.name, version: String(chart.version) }, { name: ref.chart, version: ref.version },
            `${tgz} is not chart ${ref.chart} ${ref.version}`);
    });

    test(`${stack} chart: the client Service is the program's (name, ClusterIP, GKE annotations, 19530 and 9091 to the serving pods)`, { skip },
        () => checkClientService(release(stack)));
    test(`${stack} chart: the serving pods hold the TLS Secret's tls.crt and tls.key where user.yaml says, and the certificate checksum`, { skip },
        () => checkTlsFiles(release(stack)));
    test(`${stack} chart: the ConfigMap's user.yaml is the program's (tlsMode 1, TLS paths, REST as restApi says)`, { skip },
        () => checkUserYaml(release(stack)));
    test(`${stack} chart: the REST Service selects the serving pods, and only them, on Milvus's REST port`, { skip }, (t) => {
        const r = release(stack);
        if (!isRestApi(r)) {
            assert.ok(!planResources(r, TYPES.service).some((x) => (x.inputs.spec?.ports ?? []).some((p: any) => p.name === "rest")),
                `${stack}: a REST Service without restApi`);
            t.skip(`the ${stack} plan has no REST API (restApi is off)`);
            return;
        }
        checkRestSelector(r);
    });
    test(`${stack} chart: the Ingress routes to Services and ports that exist, over the serving pods`, { skip },
        () => checkIngress(release(stack)));

    test(`${stack} chart: the policy pack's model of the chart (src/milvus.ts) is what the chart renders`, { skip }, () => {
        const r = release(stack);
        const s = serving(r);
        assert.equal(servingComponent(r.values), s.component);
        const fullname = chartFullname(r.ref.name, r.values);
        const svc = r.objects.find((o) => o.kind === "Service" && o.metadata?.name === fullname);
        assert.ok(svc, `chartFullname says ${fullname}; the chart renders no such Service`);
        assert.deepEqual(servicePorts(r.values), svc.spec.ports.map((p: any) => ({ name: p.name, port: p.port })), "servicePorts");
        assert.deepEqual(servingPodLabels(r.ref.name, r.values), svc.spec.selector, "servingPodLabels is the client Service's selector");
        assert.ok(selects(servingPodLabels(r.ref.name, r.values), s.labels), "servingPodLabels selects the serving pods");
        for (const p of s.container.ports ?? []) {
            assert.equal(chartContainerPort(p.name, GRPC_PORT), p.containerPort, `chartContainerPort(${p.name})`);
        }
        const mountKey = (m: any) => `${m.name} at ${path.posix.normalize(m.mountPath)}${m.subPath ? ` (subPath ${m.subPath})` : ""}`;
        const model = servingPod(r.values);
        assert.deepEqual(model.volumeMounts.map(mountKey).sort(), (s.container.volumeMounts ?? []).map(mountKey).sort(),
            "servingPod's volumeMounts are the serving container's");
        assert.deepEqual(model.volumes.map((v) => v.name).sort(), (s.pod.volumes ?? []).map((v: any) => v.name).sort(),
            "servingPod's volumes are the serving pod's");
    });
}

// The program (MilvusChart.fullname, servingPodSelector) and the pack (chartFullname, servingPodLabels) compute the
// chart's names from the release name, nameOverride and fullnameOverride; the plans use none of the overrides, so
// here the chart names them, from the dev plan's values, for each way they change the name.
test("chart naming: chartFullname and servingPodLabels are the chart's for nameOverride, fullnameOverride, long names", { skip }, (t) => {
    if (!STACKS.includes("dev")) {
        t.skip(`no ${path.join(planDir(), "dev", "plan.json")}`);
        return;
    }
    const base = release("dev");
    const cases: { what: string; name: string; values: Values }[] = [
        { what: "nameOverride", name: "my-release", values: { nameOverride: "vectordb" } },
        { what: "a release name containing the chart's name", name: "my-milvus", values: {} },
        { what: "a release name containing nameOverride", name: "vectordb-prod", values: { nameOverride: "vectordb" } },
        { what: "fullnameOverride over 63 characters, cut at a \"-\"", name: "my-release", values: { fullnameOverride: `${"f".repeat(62)}-x` } },
        { what: "release name and nameOverride over 63 characters", name: "a".repeat(53), values: { nameOverride: "bbbbbbbb-cc" } },
        { what: "standalone with nameOverride", name: "my-release", values: { nameOverride: "vectordb", cluster: { enabled: false } } },
    ];
    for (const c of cases) {
        const values = { ...clone(base.values), ...c.values };
        const objects = render({ ...base.ref, name: c.name }, values);
        const component = servingComponent(values);
        const services = objects.filter((o) => o.kind === "Service" && o.spec?.selector?.component === component &&
            o.spec.selector["app.kubernetes.io/instance"] === c.name);
        assert.equal(services.length, 1, `${c.what}: one Service of the ${component} pods`);
        assert.equal(chartFullname(c.name, values), services[0].metadata.name, `${c.what}: chartFullname`);
        assert.deepEqual(servingPodLabels(c.name, values), services[0].spec.selector, `${c.what}: servingPodLabels`);
    }
});

/** Realistic ways the values (or the plan) could stop matching the chart, each caught by the check that exists for it. */
const BREAKAGES: { stack: string; what: string; check: (r: Release) => void; message: RegExp; values?: (v: Values) => void; plan?: (p: Plan) => void }[] = [
    { stack: "dev", what: "service.portName grpc: app-protocols still keyed to \"milvus\"", check: checkClientService,
        message: /app-protocols names port "milvus", which Service my-release-milvus does not have \(ports: grpc\/19530/,
        values: (v) => { v.service.portName = "grpc"; } },
    { stack: "dev", what: "fullnameOverride: the Service is not the one the program named", check: checkClientService,
        message: /renders no Service named my-release-milvus \(output milvusServiceName\)/,
        values: (v) => { v.fullnameOverride = "milvus-main"; } },
    { stack: "dev", what: "metrics.enabled false: no port 9091 for the health check", check: checkClientService,
        message: /has no metrics port 9091/, values: (v) => { v.metrics.enabled = false; } },
    { stack: "dev", what: "service.type NodePort", check: checkClientService, message: /is type NodePort, not ClusterIP/,
        values: (v) => { v.service.type = "NodePort"; } },
    { stack: "dev", what: "service.port 19531: the chart's Service has no port 19530", check: checkClientService,
        message: /has no port 19530 \(ports: milvus\/19531/, values: (v) => { v.service.port = 19531; } },
    { stack: "dev", what: "the BackendConfig health-checking a port the proxy does not serve", check: checkClientService,
        message: /BackendConfig my-release-milvus-backend health-checks port 19531, which the proxy container does not declare/,
        plan: (p) => { p.resources.find((x) => x.type === TYPES.backendConfig)!.inputs.spec.healthCheck.port = 19531; } },
    { stack: "dev", what: "the TLS Secret mounted at another directory than user.yaml's paths", check: checkTlsFiles,
        message: /tls.serverPemPath is \/etc\/milvus\/certs\/tls.crt, which is not a file of Secret my-release-milvus-tls .*no volume is mounted at \/etc\/milvus\/certs/,
        values: (v) => { v.proxy.volumeMounts[0].mountPath = "/etc/milvus/tls"; } },
    { stack: "dev", what: "the TLS volume without its volumeMount", check: checkTlsFiles,
        message: /no volume is mounted at \/etc\/milvus\/certs/,
        values: (v) => { v.volumes = v.proxy.volumes; delete v.proxy.volumes; delete v.proxy.volumeMounts; } },
    { stack: "dev", what: "an items projection that leaves out tls.key", check: checkTlsFiles,
        message: /tls.serverKeyPath is \/etc\/milvus\/certs\/tls.key, .*has no file tls.key there \(it has tls.crt\)/,
        values: (v) => { v.proxy.volumes[0].secret.items = [{ key: "tls.crt", path: "tls.crt" }]; } },
    { stack: "dev", what: "the certificate checksum under proxy.podAnnotations, which the chart does not read", check: checkTlsFiles,
        message: /the proxy pod template has no annotation checksum\/tls-certificate=[0-9a-f]{64}/,
        values: (v) => { v.proxy.podAnnotations = v.proxy.annotations; delete v.proxy.annotations; } },
    { stack: "rest-external", what: "standalone: the TLS volume under proxy.volumes (cluster mode's place), which standalone ignores", check: checkTlsFiles,
        message: /no volume is mounted at \/etc\/milvus\/certs/,
        values: (v) => { v.proxy = { volumes: v.volumes, volumeMounts: v.volumeMounts }; delete v.volumes; delete v.volumeMounts; } },
    { stack: "rest-external", what: "standalone: the certificate checksum under proxy.annotations, which standalone ignores", check: checkTlsFiles,
        message: /the standalone pod template has no annotation checksum\/tls-certificate/,
        values: (v) => { v.proxy = { annotations: v.annotations }; delete v.annotations; } },
    { stack: "dev", what: "the settings in extraConfigFiles[\"milvus.yaml\"]: the chart mounts its own default user.yaml", check: checkUserYaml,
        message: /user.yaml of ConfigMap my-release-milvus \(key user.yaml\) does not set common.security.tlsMode 1/,
        values: (v) => { v.extraConfigFiles = { "milvus.yaml": v.extraConfigFiles["user.yaml"] }; } },
    { stack: "dev", what: "Milvus's REST server on without restApi", check: checkUserYaml,
        message: /restApi is off, but user.yaml of ConfigMap my-release-milvus \(key user.yaml\) leaves Milvus's REST server on/,
        values: (v) => { v.extraConfigFiles["user.yaml"] = v.extraConfigFiles["user.yaml"].replace("enabled: false", "enabled: true\n    port: 8080"); } },
    { stack: "rest", what: "restApi with Milvus's REST server off", check: checkUserYaml,
        message: /restApi is on, but user.yaml of ConfigMap my-release-milvus \(key user.yaml\) does not set proxy.http.enabled true/,
        values: (v) => { v.extraConfigFiles["user.yaml"] = v.extraConfigFiles["user.yaml"].replace("enabled: true", "enabled: false"); } },
    { stack: "rest", what: "nameOverride: the chart's pods no longer carry app.kubernetes.io/name milvus", check: checkRestSelector,
        message: /REST Service my-release-milvus-rest selects .* which the proxy pods of the chart .* do not match/,
        values: (v) => { v.nameOverride = "vectordb"; } },
    { stack: "rest-external", what: "standalone: a REST selector with component proxy", check: checkRestSelector,
        message: /REST Service vectors-milvus-rest selects .*"component":"proxy".* which the standalone pods/,
        plan: (p) => { p.resources.find((x) => x.type === TYPES.service && x.inputs.metadata?.name === "vectors-milvus-rest")!.inputs.spec.selector.component = "proxy"; } },
    { stack: "rest", what: "a REST selector without component: it also selects the other Milvus components", check: checkRestSelector,
        message: /also selects pods that do not serve clients/,
        plan: (p) => { delete p.resources.find((x) => x.type === TYPES.service && x.inputs.metadata?.name === "my-release-milvus-rest")!.inputs.spec.selector.component; } },
    { stack: "rest", what: "the REST Service targeting 8443", check: checkRestSelector, message: /targets 8443, Milvus serves REST on 8080/,
        plan: (p) => { p.resources.find((x) => x.type === TYPES.service && x.inputs.metadata?.name === "my-release-milvus-rest")!.inputs.spec.ports[0].targetPort = 8443; } },
    { stack: "dev", what: "the Ingress to port 19531", check: checkIngress, message: /routes to port 19531 of Service my-release-milvus, which has milvus\/19530, metrics\/9091/,
        plan: (p) => { p.resources.find((x) => x.type === TYPES.ingress)!.inputs.spec.rules[0].http.paths[0].backend.service.port.number = 19531; } },
    { stack: "rest", what: "the catch-all path sent to the REST Service", check: checkIngress,
        message: /sends milvus-rest.example.com\/ to my-release-milvus-rest, not to the chart's Service/,
        plan: (p) => {
            const paths = p.resources.find((x) => x.type === TYPES.ingress)!.inputs.spec.rules[0].http.paths;
            paths.find((x: any) => x.path === "/").backend.service = { name: "my-release-milvus-rest", port: { number: 8080 } };
        } },
    { stack: "dev", what: "a chart Service name the program guessed wrong (fullnameOverride) behind the Ingress", check: checkIngress,
        message: /routes to Service default\/my-release-milvus, which neither the chart renders nor the program declares/,
        values: (v) => { v.fullnameOverride = "milvus-main"; } },
];

for (const b of BREAKAGES) {
    test(`chart breakage (${b.stack}): ${b.what} is caught`, { skip }, (t) => {
        if (!STACKS.includes(b.stack)) {
            t.skip(`no ${path.join(planDir(), b.stack, "plan.json")}`);
            return;
        }
        const base = release(b.stack);
        b.check(base); // the unbroken plan passes the check
        const broken = changed(base, { values: b.values, plan: b.plan });
        assert.throws(() => b.check(broken), b.message);
    });
}

test("chart tests are skipped only without PLAN_DIR and MILVUS_CHART_TGZ and without ../shared/charts", () => {
    assert.equal(chartSkipReason({ PLAN_DIR: "/p" }, () => false), undefined, "PLAN_DIR set: run, so a missing chart fails");
    assert.equal(chartSkipReason({ MILVUS_CHART_TGZ: "/c.tgz" }, () => false), undefined, "MILVUS_CHART_TGZ set: run");
    assert.equal(chartSkipReason({}, () => true), undefined, "../shared/charts exists: run");
    assert.match(chartSkipReason({}, () => false) ?? "", /no charts at .*shared\/charts .*MILVUS_CHART_TGZ/);
    assert.equal(chartTgz({ chart: "milvus", version: "5.0.19" }, {}), path.join(SHARED_CHARTS, "milvus-5.0.19.tgz"));
    assert.equal(chartTgz({ chart: "milvus", version: "5.0.19" }, { MILVUS_CHART_TGZ: "/x/m.tgz" }), "/x/m.tgz");
});
