package com.milvusgke.tls;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * `pulumi` asks the program which plugins to install by running the SDK's bootstrap over the classpath.
 * The tls provider publishes a Java SDK (com.pulumi:tls), but the Maven registry this project builds from does not serve
 * it, so our own bindings carry a plugin.json; this checks that it is found like the others.
 */
class PluginDiscoveryTest {

    @Test
    void bootstrapReportsKubernetesGcpAndTlsWithVersions() throws Exception {
        var captured = new ByteArrayOutputStream();
        var original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            com.pulumi.bootstrap.internal.Main.main(new String[]{"packages"});
        } finally {
            System.setOut(original);
        }
        List<Map<String, Object>> plugins = new Gson().fromJson(captured.toString(StandardCharsets.UTF_8).trim(),
                new com.google.gson.reflect.TypeToken<List<Map<String, Object>>>() { }.getType());
        var resourcePlugins = new TreeMap<String, Object>();
        plugins.stream().filter(p -> Boolean.TRUE.equals(p.get("resource")))
                .forEach(p -> resourcePlugins.put((String) p.get("name"), p.get("version")));
        assertEquals(Map.of("gcp", "7.0.0", "kubernetes", "4.0.0", "tls", TlsProvider.VERSION), resourcePlugins);
        assertEquals("5.5.1", TlsProvider.VERSION);
    }
}
