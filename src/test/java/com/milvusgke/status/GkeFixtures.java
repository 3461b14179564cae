package com.milvusgke.status;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API-server objects as GKE's controllers leave them, for the stage readers' tests. The shapes are those the sources
 * write:
 * <ul>
 *   <li>ingress-gce: the finalizer (pkg/utils/common/finalizer.go FinalizerKeyV2), the status annotations
 *       (pkg/annotations/ingress.go; written by pkg/loadbalancers/l7.go getFrontendAnnotations and GetLBAnnotations,
 *       backends as json.Marshal of map[backend-service]state, states from pkg/backends/backends.go Health),
 *       backend-service names as in pkg/utils/namer/namer_test.go ("k8s1-01234567-namespace-name-80-5104b449");</li>
 *   <li>the NEG controller: neg-status as in pkg/negannotation/negannotation_test.go
 *       ({"network_endpoint_groups":{"80":"neg-name"},"zones":["us-central1-a"]});</li>
 *   <li>gke-managed-certs: ManagedCertificateStatus (pkg/apis/networking.gke.io/v1/types.go: certificateName,
 *       certificateStatus, domainStatus[{domain,status}], expireTime) with the values of pkg/config/config.go.</li>
 * </ul>
 */
final class GkeFixtures {
    static final String NS = "vectors";
    static final String RELEASE = "search";
    static final String SERVICE = "search-milvus";
    static final String REST_SERVICE = "search-milvus-rest";
    static final String DOMAIN = "milvus.corp.example.org";
    static final String IP = "203.0.113.7";
    static final String CERT = "search-milvus-cert";
    static final String GRPC_BACKEND = "k8s1-01234567-vectors-search-milvus-19530-5104b449";
    static final String REST_BACKEND = "k8s1-01234567-vectors-search-milvus-rest-19121-1e047e33";

    private GkeFixtures() {
    }

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    static String outputs(String mode, String pem) {
        var o = new JsonObject();
        o.addProperty("domain", DOMAIN);
        o.addProperty("port", 443);
        o.addProperty("staticIpAddress", IP);
        o.addProperty("certificateMode", mode);
        o.addProperty("certificatePem", pem);
        o.addProperty("namespace", NS);
        o.addProperty("releaseName", RELEASE);
        o.addProperty("milvusServiceName", SERVICE);
        return o.toString();
    }

    static RolloutOutputs googleManaged() throws Exception {
        return RolloutOutputs.parse(outputs("google-managed", ""));
    }

    /** The stack's Ingress after GKE's writes; {@code annotations} are GKE's, merged over the stack's own. */
    static JsonObject ingress(Map<String, String> gkeAnnotations, List<String> ips) {
        var ingress = json("""
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
                 "metadata":{"name":"search-milvus","namespace":"vectors",
                   "finalizers":["networking.gke.io/ingress-finalizer-V2"],
                   "annotations":{"kubernetes.io/ingress.class":"gce","kubernetes.io/ingress.allow-http":"false",
                     "kubernetes.io/ingress.global-static-ip-name":"milvus-prod-ip",
                     "networking.gke.io/managed-certificates":"search-milvus-cert",
                     "networking.gke.io/v1beta1.FrontendConfig":"search-milvus-frontend"}},
                 "spec":{"rules":[{"host":"milvus.corp.example.org","http":{"paths":[
                   {"path":"/v2/vectordb","pathType":"Prefix","backend":{"service":{"name":"search-milvus-rest","port":{"number":19121}}}},
                   {"path":"/","pathType":"Prefix","backend":{"service":{"name":"search-milvus","port":{"number":19530}}}}]}}]},
                 "status":{"loadBalancer":{}}}""");
        var annotations = ingress.getAsJsonObject("metadata").getAsJsonObject("annotations");
        gkeAnnotations.forEach(annotations::addProperty);
        var list = new com.google.gson.JsonArray();
        ips.forEach(ip -> {
            var entry = new JsonObject();
            entry.addProperty("ip", ip);
            list.add(entry);
        });
        if (!ips.isEmpty()) {
            ingress.getAsJsonObject("status").getAsJsonObject("loadBalancer").add("ingress", list);
        }
        return ingress;
    }

    /** ingress-gce's frontend annotations once the load balancer exists (HTTPS only: allow-http false). */
    static Map<String, String> frontend(String backends) {
        return Map.of(
                "ingress.kubernetes.io/url-map", "k8s2-um-01234567-vectors-search-milvus-3f8cfbd5",
                "ingress.kubernetes.io/https-target-proxy", "k8s2-ts-01234567-vectors-search-milvus-3f8cfbd5",
                "ingress.kubernetes.io/https-forwarding-rule", "k8s2-fs-01234567-vectors-search-milvus-3f8cfbd5",
                "ingress.kubernetes.io/ssl-cert", "mcrt-2d5b0a7e-0f3c-4b8e-9d1a-5c6f7e8a9b0c",
                "ingress.kubernetes.io/static-ip", "milvus-prod-ip",
                "ingress.gcp.kubernetes.io/pre-shared-cert", "mcrt-2d5b0a7e-0f3c-4b8e-9d1a-5c6f7e8a9b0c",
                "ingress.kubernetes.io/backends", backends);
    }

    static JsonObject service(String name, String portName, int port, String backendConfig) {
        return json("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","namespace":"vectors","annotations":{
                  "cloud.google.com/app-protocols":"{\\"%s\\":\\"HTTP2\\"}",
                  "cloud.google.com/backend-config":"{\\"default\\":\\"%s\\"}",
                  "cloud.google.com/neg":"{\\"ingress\\":true}",
                  "cloud.google.com/neg-status":"{\\"network_endpoint_groups\\":{\\"%d\\":\\"k8s1-01234567-vectors-%s-%d-5104b449\\"},\\"zones\\":[\\"us-central1-a\\"]}"}},
                 "spec":{"selector":{"app.kubernetes.io/instance":"search","component":"proxy"},
                   "ports":[{"name":"%s","port":%d,"targetPort":%d}]}}"""
                .formatted(name, portName, backendConfig, port, name, port, portName, port, port));
    }

    static JsonObject backendConfig(String name, int healthCheckPort) {
        return json("""
                {"apiVersion":"cloud.google.com/v1","kind":"BackendConfig","metadata":{"name":"%s","namespace":"vectors"},
                 "spec":{"healthCheck":{"type":"HTTP","port":%d,"requestPath":"/healthz"},"timeoutSec":600}}"""
                .formatted(name, healthCheckPort));
    }

    static JsonObject pod(String name, boolean ready) {
        return json("""
                {"metadata":{"name":"%s","namespace":"vectors","labels":{"app.kubernetes.io/instance":"search","component":"proxy"}},
                 "spec":{"containers":[{"name":"proxy","ports":[{"containerPort":19530,"name":"milvus"},{"containerPort":9091,"name":"metrics"}]}]},
                 "status":{"conditions":[{"type":"Ready","status":"%s"}]}}""".formatted(name, ready ? "True" : "False"));
    }

    /** Helm's release record (helm v3 storage driver "secret": labels owner, name, status, version). */
    static JsonObject helmRelease(int version, String status) {
        return json("""
                {"metadata":{"name":"sh.helm.release.v1.search.v%d","namespace":"vectors",
                  "labels":{"owner":"helm","name":"search","status":"%s","version":"%d"}},"type":"helm.sh/release.v1"}"""
                .formatted(version, status, version));
    }

    /** A ManagedCertificate with gke-managed-certs' status; {@code domainStatus} pairs of domain and status. */
    static JsonObject managedCertificate(String certificateStatus, String... domainStatus) {
        var mc = json("""
                {"apiVersion":"networking.gke.io/v1","kind":"ManagedCertificate","metadata":{"name":"search-milvus-cert","namespace":"vectors"},
                 "spec":{"domains":["milvus.corp.example.org"]},
                 "status":{"certificateName":"mcrt-2d5b0a7e-0f3c-4b8e-9d1a-5c6f7e8a9b0c","certificateStatus":"%s","domainStatus":[]}}"""
                .formatted(certificateStatus));
        for (int i = 0; i + 1 < domainStatus.length; i += 2) {
            var d = new JsonObject();
            d.addProperty("domain", domainStatus[i]);
            d.addProperty("status", domainStatus[i + 1]);
            mc.getAsJsonObject("status").getAsJsonArray("domainStatus").add(d);
        }
        if (certificateStatus.equals("Active")) {
            mc.getAsJsonObject("status").addProperty("expireTime", "2027-03-04T10:11:12.000-08:00");
        }
        return mc;
    }

    /** A cluster after a complete rollout: every stage done but DNS (which the resolver answers). */
    static ClusterView rolledOut() {
        return cluster(ingress(frontend("{\"" + GRPC_BACKEND + "\":\"HEALTHY\",\"" + REST_BACKEND + "\":\"HEALTHY\"}"), List.of(IP)),
                managedCertificate("Active", DOMAIN, "Active"), List.of(pod("search-milvus-proxy-7d9f-abcde", true)),
                List.of(helmRelease(1, "superseded"), helmRelease(2, "deployed")), 9091);
    }

    static ClusterView cluster(JsonObject ingress, JsonObject certificate, List<JsonObject> pods, List<JsonObject> releases,
                               int healthCheckPort) {
        return new ClusterView(Optional.ofNullable(ingress),
                Map.of(SERVICE, service(SERVICE, "milvus", 19530, "search-milvus-backend"),
                        REST_SERVICE, service(REST_SERVICE, "rest", 19121, "search-milvus-rest-backend")),
                pods,
                Map.of("search-milvus-backend", backendConfig("search-milvus-backend", healthCheckPort),
                        "search-milvus-rest-backend", backendConfig("search-milvus-rest-backend", 9091)),
                Optional.ofNullable(certificate), releases, Optional.empty());
    }
}
