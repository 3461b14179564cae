package com.milvusgke.milvus;

import com.milvusgke.config.StackConfig;
import com.milvusgke.gke.MilvusBackend;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MilvusValuesTest {
    private static final Map<String, String> ANNOTATIONS = MilvusBackend.serviceAnnotations("milvus", "HTTP2", "my-release-milvus-backend");

    private static StackConfig.Milvus milvus(boolean cluster, Map<String, Object> user) {
        return new StackConfig.Milvus("my-release", "default", "5.0.19", "https://zilliztech.github.io/milvus-helm/", cluster, user, 1200, false, false, true, false);
    }

    @Test
    void userValuesAreKeptAndTheirVolumesExtendedNotReplaced() {
        Map<String, Object> user = Map.of(
                "proxy", Map.of("replicas", 3, "volumes", List.of(Map.of("name", "extra", "emptyDir", Map.of()))),
                "service", Map.of("labels", Map.of("team", "search")));
        var values = MilvusValues.build(milvus(true, user), ANNOTATIONS, "s", "abc123", "acme/milvus-gke-l7/dev",
                MilvusValues.Authentication.OFF);
        var proxy = Values.map(values.get("proxy"));
        assertEquals(3, proxy.get("replicas"));
        // The stack's mark, which the cluster check reads back from the release's stored values.
        assertEquals(Map.of("stack", "acme/milvus-gke-l7/dev"), values.get("milvusGkeL7"));
        var volumes = (List<?>) proxy.get("volumes");
        assertEquals(2, volumes.size());
        assertEquals("extra", Values.map(volumes.get(0)).get("name"));
        assertEquals(MilvusValues.CERT_VOLUME, Values.map(volumes.get(1)).get("name"));
        assertEquals(Map.of("team", "search"), Values.map(values.get("service")).get("labels"));
        assertEquals("ClusterIP", Values.map(values.get("service")).get("type"));
    }

    @Test
    void standaloneMountsTheCertificateThroughTheGlobalVolumes() {
        var values = MilvusValues.build(milvus(false, Map.of()), ANNOTATIONS, "tls-secret", "abc123", "acme/milvus-gke-l7/dev",
                MilvusValues.Authentication.OFF);
        assertEquals(Map.of("enabled", false), values.get("cluster"));
        assertTrue(!values.containsKey("proxy"));
        var volume = Values.map(((List<?>) values.get("volumes")).get(0));
        assertEquals(Map.of("secretName", "tls-secret"), volume.get("secret"));
        var mount = Values.map(((List<?>) values.get("volumeMounts")).get(0));
        assertEquals(MilvusValues.CERT_MOUNT_PATH, mount.get("mountPath"));
    }

    @Test
    void userYamlIsMergedWithTlsSettings() {
        var merged = MilvusValues.userYaml("proxy:\n  maxUserNum: 100\ncommon:\n  security:\n    authorizationEnabled: true\n", false, true);
        Map<String, Object> parsed = MilvusValues.yaml().load(merged);
        assertEquals(Map.of("maxUserNum", 100, "http", Map.of("enabled", false)), parsed.get("proxy"));
        assertEquals(Map.of("security", Map.of("authorizationEnabled", true, "tlsMode", 1)), parsed.get("common"));
        assertEquals(Map.of("serverPemPath", "/etc/milvus/certs/tls.crt", "serverKeyPath", "/etc/milvus/certs/tls.key"), parsed.get("tls"));
    }

    @Test
    void restServerStaysOnWhenTheUserGaveItAPortOfItsOwn() {
        var merged = MilvusValues.userYaml("proxy:\n  http:\n    enabled: true\n    port: 8080\n", false, true);
        Map<String, Object> parsed = MilvusValues.yaml().load(merged);
        assertEquals(Map.of("http", Map.of("enabled", true, "port", 8080)), parsed.get("proxy"));
        assertEquals(List.of(), UserValuesCheck.conflicts(Map.of("extraConfigFiles", Map.of("user.yaml", "proxy:\n  http:\n    enabled: true\n    port: 8080\n")), true));
        var problems = UserValuesCheck.conflicts(Map.of("extraConfigFiles", Map.of("user.yaml", "proxy:\n  http:\n    enabled: true\n")), true);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("proxy.http.enabled = true is not allowed"), problems.get(0));
    }

    @Test
    void conflictsWithTheL7SetupAreReportedNotOverridden() {
        Map<String, Object> user = Map.of(
                "service", Map.of("type", "LoadBalancer", "annotations", Map.of("cloud.google.com/neg", "{\"ingress\":false}")),
                "cluster", Map.of("enabled", false),
                "metrics", Map.of("enabled", false),
                "ingress", Map.of("enabled", true),
                "customConfigMap", "mine",
                "milvusGkeL7", Map.of("stack", "acme/milvus-gke-l7/prod"),
                "extraConfigFiles", Map.of("user.yaml", "common:\n  security:\n    tlsMode: 0\ntls:\n  serverPemPath: /other.pem\n"));
        var problems = UserValuesCheck.conflicts(user, true);
        var text = String.join("\n", problems);
        assertEquals(9, problems.size(), text);
        assertTrue(text.contains("milvusGkeL7 = {stack=acme/milvus-gke-l7/prod} is not allowed"), text);
        assertTrue(text.contains("service.type = LoadBalancer is not allowed"), text);
        assertTrue(text.contains("service.annotations[\"cloud.google.com/neg\"]"), text);
        assertTrue(text.contains("cluster.enabled = false contradicts clusterEnabled = true"), text);
        assertTrue(text.contains("metrics.enabled = false"), text);
        assertTrue(text.contains("ingress.enabled = true"), text);
        assertTrue(text.contains("customConfigMap = mine"), text);
        assertTrue(text.contains("common.security.tlsMode = 0 is not allowed"), text);
        assertTrue(text.contains("tls.serverPemPath = /other.pem"), text);
    }

    @Test
    void agreeingValuesAreNoConflict() {
        Map<String, Object> user = Map.of(
                "service", Map.of("type", "ClusterIP", "annotations", Map.of("team", "search")),
                "cluster", Map.of("enabled", true),
                "extraConfigFiles", Map.of("user.yaml", "common:\n  security:\n    tlsMode: 1\n"));
        assertEquals(List.of(), UserValuesCheck.conflicts(user, true));
        assertTrue(UserValuesCheck.conflicts(Map.of("extraConfigFiles", Map.of("user.yaml", "a: [")), true)
                .get(0).startsWith("extraConfigFiles.user.yaml is not valid YAML"));
    }
}
