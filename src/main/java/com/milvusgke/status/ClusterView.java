package com.milvusgke.status;

import com.google.gson.JsonObject;
import com.milvusgke.k8s.KubeApi;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code status} reads from the API server in one pass, all GETs (the cluster check's read-only client).
 *
 * @param ingress            the stack's Ingress, if it exists
 * @param services           the Milvus Service and every Service the Ingress routes to, by name
 * @param pods               the pods of the release's namespace
 * @param backendConfigs     the namespace's BackendConfigs, by name
 * @param managedCertificate the ManagedCertificate the Ingress names, if any
 * @param releaseSecrets     Helm's release records (Secrets labelled owner=helm, name=release)
 * @param unreadable         why the cluster could not be read, if it could not
 */
public record ClusterView(Optional<JsonObject> ingress, Map<String, JsonObject> services, List<JsonObject> pods,
                          Map<String, JsonObject> backendConfigs, Optional<JsonObject> managedCertificate,
                          List<JsonObject> releaseSecrets, Optional<String> unreadable) {

    static ClusterView unreadable(String why) {
        return new ClusterView(Optional.empty(), Map.of(), List.of(), Map.of(), Optional.empty(), List.of(), Optional.of(why));
    }

    /** Reads everything the stages need; a failed read is {@link #unreadable}, never an exception. */
    public static ClusterView read(KubeApi api, RolloutOutputs outputs) {
        var ns = outputs.namespace();
        try {
            var ingress = one(api, "/apis/networking.k8s.io/v1/namespaces/" + ns + "/ingresses/" + outputs.serviceName());
            var services = new LinkedHashMap<String, JsonObject>();
            var names = new java.util.LinkedHashSet<String>();
            names.add(outputs.serviceName());
            ingress.ifPresent(i -> IngressRoutes.of(i).forEach(r -> names.add(r.service())));
            for (var name : names) {
                one(api, "/api/v1/namespaces/" + ns + "/services/" + name).ifPresent(s -> services.put(name, s));
            }
            var pods = list(api, "/api/v1/namespaces/" + ns + "/pods");
            var backendConfigs = new LinkedHashMap<String, JsonObject>();
            list(api, "/apis/cloud.google.com/v1/namespaces/" + ns + "/backendconfigs").forEach(b -> backendConfigs.put(Json.name(b), b));
            Optional<JsonObject> certificate = Optional.empty();
            var certName = ingress.map(i -> Json.annotations(i).get(CertificateStage.MANAGED_CERTIFICATES));
            if (certName.isPresent() && !certName.get().isBlank()) {
                certificate = one(api, "/apis/networking.gke.io/v1/namespaces/" + ns + "/managedcertificates/"
                        + certName.get().split(",")[0].trim());
            }
            var selector = URLEncoder.encode("owner=helm,name=" + outputs.releaseName(), StandardCharsets.UTF_8);
            var releases = list(api, "/api/v1/namespaces/" + ns + "/secrets?labelSelector=" + selector);
            return new ClusterView(ingress, services, pods, backendConfigs, certificate, releases, Optional.empty());
        } catch (IOException e) {
            return unreadable(e.getMessage());
        }
    }

    private static Optional<JsonObject> one(KubeApi api, String path) throws IOException {
        var response = api.get(path);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.status() + " " + firstLine(response.body()));
        }
        return Optional.of(Json.parse(response.body()));
    }

    private static List<JsonObject> list(KubeApi api, String path) throws IOException {
        var response = api.get(path);
        if (response.status() == 404) {
            return List.of();   // a CRD that is not installed: nothing of that kind
        }
        if (response.status() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.status() + " " + firstLine(response.body()));
        }
        return Json.array(Json.parse(response.body()), "items");
    }

    private static String firstLine(String text) {
        try {
            return Json.string(Json.parse(text), "message").orElse("");
        } catch (RuntimeException e) {
            return text.lines().findFirst().orElse("");
        }
    }
}
