package com.milvusgke.status;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stage 4: each backend's health as ingress-gce records it in the Ingress annotation {@code ingress.kubernetes.io/backends}:
 * a JSON object of backend-service name to {@code HEALTHY}, {@code UNHEALTHY} or {@code Unknown}
 * (kubernetes/ingress-gce pkg/loadbalancers/l7.go GetLBAnnotations, pkg/backends/backends.go Health). A backend
 * service is named {@code k8s1-<cluster>-<namespace>-<service>-<port>-<hash>} (pkg/utils/namer), which is how a
 * name is matched to the Ingress's routes: the Milvus Service's is the gRPC backend, any other the REST API's.
 */
final class BackendHealthStage {
    static final String BACKENDS = IngressStages.STATUS_PREFIX + "backends";
    static final String BACKEND_CONFIG = "cloud.google.com/backend-config";

    private BackendHealthStage() {
    }

    static StageReport read(RolloutOutputs outputs, ClusterView cluster) {
        if (cluster.ingress().isEmpty()) {
            return StageReport.waiting(Stage.BACKENDS, "no Ingress " + IngressStages.ingressName(outputs) + " yet");
        }
        var ingress = cluster.ingress().get();
        var states = Json.annotationObject(ingress, BACKENDS);
        if (states.isEmpty() || states.get().entrySet().isEmpty()) {
            return StageReport.waiting(Stage.BACKENDS, "GKE reports no backend health yet (annotation " + BACKENDS + ")");
        }
        var routes = IngressRoutes.of(ingress);
        var parts = new ArrayList<String>();
        var actions = new ArrayList<String>();
        boolean unhealthy = false;
        boolean pending = false;
        for (var entry : states.get().entrySet()) {
            var backend = entry.getKey();
            var health = entry.getValue().isJsonPrimitive() ? entry.getValue().getAsString() : String.valueOf(entry.getValue());
            var route = routeOf(backend, outputs.namespace(), routes);
            var label = route.map(r -> role(r, outputs) + " (" + r.service() + ":" + r.port() + ")").orElse("backend " + backend);
            parts.add(label + " " + health);
            if (health.equals("UNHEALTHY")) {
                unhealthy = true;
                actions.add(label + ": " + route.map(r -> why(r, outputs, cluster)).orElse("see the health check of " + backend));
            } else if (!health.equals("HEALTHY")) {
                pending = true;
            }
        }
        var message = String.join("; ", parts);
        if (unhealthy) {
            return StageReport.blocked(Stage.BACKENDS, message, String.join("; ", actions));
        }
        if (pending) {
            return StageReport.waiting(Stage.BACKENDS, message + " (GKE's first health checks take a few minutes)");
        }
        return StageReport.done(Stage.BACKENDS, message);
    }

    static String role(IngressRoutes route, RolloutOutputs outputs) {
        return route.service().equals(outputs.serviceName()) ? "Milvus gRPC" : "Milvus REST";
    }

    /** The route a backend-service name belongs to: its name holds {@code -<namespace>-<service>-<port>-}. */
    static Optional<IngressRoutes> routeOf(String backend, String namespace, List<IngressRoutes> routes) {
        return routes.stream()
                .filter(r -> backend.contains("-" + namespace + "-" + r.service() + "-" + r.port() + "-"))
                .findFirst();
    }

    /** What the cluster shows about why the health check fails: the check, the pods, the protocol. */
    static String why(IngressRoutes route, RolloutOutputs outputs, ClusterView cluster) {
        var service = cluster.services().get(route.service());
        if (service == null) {
            return "the Service " + route.service() + " does not exist";
        }
        var configName = Json.annotationObject(service, BACKEND_CONFIG)
                .flatMap(o -> Json.string(o, "default")).orElse("");
        var config = cluster.backendConfigs().get(configName);
        if (config == null) {
            return "the Service's BackendConfig '" + configName + "' does not exist, so GKE checks its default path instead of Milvus's health endpoint";
        }
        var port = Json.string(config, "spec", "healthCheck", "port").orElse("?");
        var path = Json.string(config, "spec", "healthCheck", "requestPath").orElse("/");
        var check = "the health check (BackendConfig " + configName + ": " + Json.string(config, "spec", "healthCheck", "type").orElse("HTTP")
                + " port " + port + " " + path + ")";
        var pods = ReleaseStage.servingPods(cluster.pods(), Json.stringMap(service, "spec", "selector"));
        var ready = pods.stream().filter(ReleaseStage::ready).toList();
        if (ready.isEmpty()) {
            return check + " finds no Ready pod (" + pods.size() + " selected): see `kubectl describe pod -n " + outputs.namespace() + "`";
        }
        var exposing = ready.stream().filter(p -> exposes(p, port)).count();
        if (exposing == 0) {
            return check + " probes a port that no Ready pod of " + route.service() + " exposes: the health check port must be a"
                    + " container port of Milvus (9091 serves /healthz)";
        }
        return check + " fails on " + ready.size() + " Ready pod(s): check that Milvus answers " + path + " on port " + port
                + ", that a firewall lets Google's health checkers (35.191.0.0/16, 130.211.0.0/22) reach it, and that the backend"
                + " speaks the protocol of cloud.google.com/app-protocols (HTTP2 and HTTPS need TLS on Milvus)";
    }

    private static boolean exposes(JsonObject pod, String port) {
        for (var container : Json.array(pod, "spec", "containers")) {
            for (var p : Json.array(container, "ports")) {
                if (Json.string(p, "containerPort").orElse("").equals(port)) {
                    return true;
                }
            }
        }
        return false;
    }
}
