package com.milvusgke.config;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pulumi.yaml, the README and the parser describe the same keys, types and defaults. */
class ConfigReferenceTest {

    @SuppressWarnings("unchecked")
    @Test
    void pulumiYamlDeclaresEveryKeyWithTheParsersTypeAndDefault() throws Exception {
        Map<String, Object> project = new Yaml().load(Files.readString(Path.of("Pulumi.yaml")));
        var declared = (Map<String, Map<String, Object>>) project.get("config");
        for (var key : ConfigKey.all()) {
            var declaration = declared.get(key.key());
            assertTrue(declaration != null, "Pulumi.yaml does not declare " + key.key());
            assertEquals(key.type(), declaration.get("type"), key.key());
            assertEquals(key.description(), declaration.get("description"), key.key());
            var expectedDefault = key == ConfigKey.DOMAIN ? null : key.defaultValue().orElse("");
            var actualDefault = declaration.containsKey("default") ? String.valueOf(declaration.get("default")) : null;
            assertEquals(expectedDefault, actualDefault, key.key() + " default");
            if (key.type().equals("object")) {
                // The Pulumi CLI refuses a declared object's default that is not one.
                assertTrue(declaration.get("default") instanceof Map<?, ?>, key.key() + " default is not an object");
            }
        }
        assertEquals(ConfigKey.all().size(), declared.size(), "Pulumi.yaml declares a key the program does not read");
    }

    @Test
    void readmeConfigReferenceIsCurrent() throws Exception {
        var readme = Files.readString(Path.of("README.md"));
        for (var key : ConfigKey.all()) {
            assertTrue(readme.contains(key.referenceRow() + "\n"), "README.md lacks or has a stale row for " + key.key()
                    + "; expected:\n" + key.referenceRow());
        }
    }

    @Test
    void stackFilesUseOnlyKnownKeysAndHoldNoSecretInClear() throws Exception {
        for (var stack : new String[]{"Pulumi.dev.yaml", "Pulumi.prod.yaml"}) {
            Map<String, Object> file = new Yaml().load(Files.readString(Path.of(stack)));
            @SuppressWarnings("unchecked")
            var config = (Map<String, Object>) file.get("config");
            for (var entry : config.entrySet()) {
                var name = entry.getKey();
                if (name.startsWith("milvus-gke-l7:")) {
                    var key = name.substring("milvus-gke-l7:".length());
                    assertTrue(ConfigKey.all().stream().anyMatch(k -> k.key().equals(key)), stack + ": unknown key " + name);
                    if (key.equals("kubeconfig")) {
                        assertTrue(entry.getValue() instanceof Map<?, ?> m && m.containsKey("secure"), stack + ": kubeconfig in clear");
                    }
                }
            }
        }
    }
}
