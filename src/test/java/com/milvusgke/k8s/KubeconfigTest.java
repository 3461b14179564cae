package com.milvusgke.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeconfigTest {
    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }

    @Test
    void theCurrentContextsServerCaAndTokenAreRead() throws IOException {
        var text = """
                apiVersion: v1
                kind: Config
                current-context: prod
                contexts:
                - name: dev
                  context: {cluster: dev, user: dev}
                - name: prod
                  context: {cluster: prod, user: prod}
                clusters:
                - name: dev
                  cluster: {server: https://dev.example.com}
                - name: prod
                  cluster:
                    server: https://10.0.0.1
                    certificate-authority-data: %s
                users:
                - name: dev
                  user: {token: dev-token}
                - name: prod
                  user: {token: prod-token}
                """.formatted(b64("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n"));
        var config = Kubeconfig.parse(text, null);
        assertEquals("https://10.0.0.1", config.server());
        assertEquals(Optional.of("prod-token"), config.token());
        assertTrue(config.caPem().orElseThrow().contains("BEGIN CERTIFICATE"));
        assertFalse(config.toString().contains("prod-token"), "credentials are never printed");
        assertEquals("Kubeconfig[https://10.0.0.1]", config.toString(), "the server alone names it in messages");
    }

    @Test
    void gkesExecPluginAndRelativeFilesAreRead(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ca.crt"), "CA PEM");
        var file = dir.resolve("config");
        Files.writeString(file, """
                current-context: gke
                contexts: [{name: gke, context: {cluster: c, user: u}}]
                clusters: [{name: c, cluster: {server: "https://34.1.2.3", certificate-authority: ca.crt}}]
                users:
                - name: u
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: gke-gcloud-auth-plugin
                      args: [--verbose]
                      env: [{name: X, value: "1"}]
                """);
        var config = Kubeconfig.ambient(Map.of("KUBECONFIG", "/nonexistent:" + file));
        assertEquals(Optional.of("CA PEM"), config.caPem());
        var exec = config.exec().orElseThrow();
        assertEquals(List.of("gke-gcloud-auth-plugin", "--verbose"), exec.commandLine());
        assertEquals(Map.of("X", "1"), exec.env());
        assertEquals("client.authentication.k8s.io/v1beta1", exec.apiVersion());
        // The provider also takes a file name as its kubeconfig.
        assertEquals("https://34.1.2.3", Kubeconfig.parse(file.toString(), null).server());
    }

    @Test
    void aKubeconfigWithoutCurrentContextSaysSo() {
        var e = assertThrows(IOException.class, () -> Kubeconfig.parse("clusters: []\n", null));
        assertEquals("the kubeconfig has no current-context", e.getMessage());
    }

    @Test
    void anExecPluginsTokenIsUsed(@TempDir Path dir) throws IOException {
        var plugin = dir.resolve("plugin");
        Files.writeString(plugin, "#!/bin/sh\necho '{\"kind\":\"ExecCredential\",\"status\":{\"token\":\"from-plugin-'$X'\"}}'\n");
        assertTrue(plugin.toFile().setExecutable(true));
        var credential = HttpKubeApi.ExecCredential.run(new Kubeconfig.Exec("client.authentication.k8s.io/v1",
                List.of(plugin.toString()), Map.of("X", "42")));
        assertEquals(Optional.of("from-plugin-42"), credential.token());
    }
}
