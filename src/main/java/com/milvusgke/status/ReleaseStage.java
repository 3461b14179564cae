package com.milvusgke.status;

import com.google.gson.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Stage 1: the Helm release is deployed (Helm's own record: the Secret {@code sh.helm.release.v1.<release>.v<N>}
 * labelled {@code owner=helm}, {@code status}, {@code version}) and the pods behind the Milvus Service are Ready.
 */
final class ReleaseStage {
    private ReleaseStage() {
    }

    static StageReport read(RolloutOutputs outputs, ClusterView cluster) {
        var release = outputs.namespace() + "/" + outputs.releaseName();
        var latest = cluster.releaseSecrets().stream()
                .max(Comparator.comparingInt(s -> version(Json.stringMap(s, "metadata", "labels"))));
        if (latest.isEmpty()) {
            return StageReport.waiting(Stage.RELEASE, "no Helm release " + release + " yet",
                    "run `pulumi up` (the stack installs the release), or check the namespace and release name outputs");
        }
        var labels = Json.stringMap(latest.get(), "metadata", "labels");
        var status = labels.getOrDefault("status", "unknown");
        var revision = labels.getOrDefault("version", "?");
        if (!status.equals("deployed")) {
            var state = status.startsWith("pending-") ? "under way or interrupted" : "not deployed";
            return StageReport.blocked(Stage.RELEASE, "Helm release " + release + " revision " + revision + " is " + status + " (" + state + ")",
                    status.startsWith("pending-")
                            ? "if no `pulumi up` is running, follow the README's steps after an interrupted up (pulumi cancel, refresh)"
                            : "see `helm history " + outputs.releaseName() + " -n " + outputs.namespace() + "` and the last `pulumi up`'s error");
        }
        var service = cluster.services().get(outputs.serviceName());
        if (service == null) {
            return StageReport.blocked(Stage.RELEASE, "Helm release " + release + " is deployed, but it has no Service " + outputs.serviceName(),
                    "check milvusServiceName against the chart's Service (`kubectl get services -n " + outputs.namespace() + "`)");
        }
        var selector = Json.stringMap(service, "spec", "selector");
        var serving = servingPods(cluster.pods(), selector);
        var ready = serving.stream().filter(ReleaseStage::ready).toList();
        var names = String.join(", ", serving.stream().map(Json::name).sorted().toList());
        var prefix = "Helm release " + release + " deployed (revision " + revision + "); ";
        if (serving.isEmpty()) {
            return StageReport.waiting(Stage.RELEASE, prefix + "no pod behind Service " + outputs.serviceName() + " yet");
        }
        if (ready.size() < serving.size()) {
            return StageReport.waiting(Stage.RELEASE, prefix + ready.size() + "/" + serving.size() + " serving pods Ready (" + names + ")",
                    "if it stays so, `kubectl describe pod -n " + outputs.namespace() + "` shows why (image pull, scheduling, probes)");
        }
        return StageReport.done(Stage.RELEASE, prefix + ready.size() + "/" + serving.size() + " serving pods Ready (" + names + ")");
    }

    /** The pods a Service's selector selects (not those being deleted). */
    static List<JsonObject> servingPods(List<JsonObject> pods, Map<String, String> selector) {
        if (selector.isEmpty()) {
            return List.of();
        }
        return pods.stream()
                .filter(p -> Json.string(p, "metadata", "deletionTimestamp").isEmpty())
                .filter(p -> {
                    var labels = Json.stringMap(p, "metadata", "labels");
                    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
                })
                .toList();
    }

    static boolean ready(JsonObject pod) {
        return Json.array(pod, "status", "conditions").stream()
                .anyMatch(c -> Json.string(c, "type").orElse("").equals("Ready") && Json.string(c, "status").orElse("").equals("True"));
    }

    private static int version(Map<String, String> labels) {
        try {
            return Integer.parseInt(labels.getOrDefault("version", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
