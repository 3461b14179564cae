package com.milvusgke.status;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Stages 2 and 3, read from the Ingress: its address (status.loadBalancer.ingress[].ip, which GKE writes once the
 * forwarding rule exists), and the names of the load balancer's parts that ingress-gce records in annotations
 * (kubernetes/ingress-gce pkg/annotations/ingress.go, written by pkg/loadbalancers/l7.go getFrontendAnnotations).
 */
final class IngressStages {
    static final String STATUS_PREFIX = "ingress.kubernetes.io/";
    static final String URL_MAP = STATUS_PREFIX + "url-map";
    static final String HTTPS_FORWARDING_RULE = STATUS_PREFIX + "https-forwarding-rule";
    static final String HTTPS_TARGET_PROXY = STATUS_PREFIX + "https-target-proxy";
    static final String SSL_CERT = STATUS_PREFIX + "ssl-cert";
    static final String STATIC_IP = STATUS_PREFIX + "static-ip";
    /** ingress-gce's finalizer (pkg/utils/common/finalizer.go FinalizerKeyV2). */
    static final String FINALIZER = "networking.gke.io/ingress-finalizer-V2";

    private IngressStages() {
    }

    static String ingressName(RolloutOutputs outputs) {
        return outputs.namespace() + "/" + outputs.serviceName();
    }

    static StageReport address(RolloutOutputs outputs, ClusterView cluster) {
        var name = ingressName(outputs);
        if (cluster.ingress().isEmpty()) {
            return StageReport.waiting(Stage.ADDRESS, "no Ingress " + name + " yet", "run `pulumi up`");
        }
        var ips = addresses(cluster.ingress().get());
        var expected = outputs.deployed().staticIpAddress();
        if (ips.contains(expected)) {
            return StageReport.done(Stage.ADDRESS, "Ingress " + name + " has the static IP " + expected);
        }
        if (ips.isEmpty()) {
            return StageReport.waiting(Stage.ADDRESS, "Ingress " + name + " has no address yet (GKE gives it one when the forwarding rule exists, usually within 5 minutes)",
                    "if it takes longer than 10 minutes, `kubectl describe ingress -n " + outputs.namespace() + " " + outputs.serviceName()
                            + "` shows GKE's events (a static IP name that does not exist, a quota)");
        }
        return StageReport.blocked(Stage.ADDRESS, "Ingress " + name + " has " + String.join(", ", ips) + ", not the static IP " + expected,
                "the Ingress's kubernetes.io/ingress.global-static-ip-name must name the address " + expected + " (staticIpName output)");
    }

    static StageReport loadBalancer(RolloutOutputs outputs, ClusterView cluster) {
        if (cluster.ingress().isEmpty()) {
            return StageReport.waiting(Stage.LOAD_BALANCER, "no Ingress " + ingressName(outputs) + " yet");
        }
        var annotations = Json.annotations(cluster.ingress().get());
        var missing = new ArrayList<String>();
        for (var key : List.of(URL_MAP, HTTPS_TARGET_PROXY, HTTPS_FORWARDING_RULE)) {
            if (annotations.getOrDefault(key, "").isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            return StageReport.waiting(Stage.LOAD_BALANCER, "GKE has not recorded " + String.join(", ", missing) + " on the Ingress yet",
                    "if it takes longer than 10 minutes, `kubectl describe ingress -n " + outputs.namespace() + " " + outputs.serviceName()
                            + "` shows what GKE could not create (a missing BackendConfig, SSL policy or certificate)");
        }
        var finalizer = Json.strings(cluster.ingress().get(), "metadata", "finalizers").contains(FINALIZER)
                ? "; finalizer " + FINALIZER : "";
        return StageReport.done(Stage.LOAD_BALANCER, "url map " + annotations.get(URL_MAP)
                + ", HTTPS proxy " + annotations.get(HTTPS_TARGET_PROXY)
                + ", HTTPS forwarding rule " + annotations.get(HTTPS_FORWARDING_RULE)
                + (annotations.containsKey(SSL_CERT) ? ", certificates " + annotations.get(SSL_CERT) : "") + finalizer);
    }

    static List<String> addresses(JsonObject ingress) {
        return Json.array(ingress, "status", "loadBalancer", "ingress").stream()
                .map(i -> Json.string(i, "ip").orElse(""))
                .filter(ip -> !ip.isEmpty())
                .toList();
    }
}
