package com.milvusgke.examples.consumer;

import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feeds the program a milvus-gke-l7 stack reference and checks what the application's Secret receives. */
class MilvusConnectionTest {
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n";

    /** Returns the given outputs for any stack reference; records every resource's inputs by type. */
    static final class StackMocks implements Mocks {
        final Map<String, Map<String, Object>> inputsByType = new ConcurrentHashMap<>();
        private final Map<String, Object> milvusOutputs;

        StackMocks(Map<String, Object> milvusOutputs) {
            this.milvusOutputs = milvusOutputs;
        }

        @Override
        public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
            var inputs = args.inputs == null ? Map.<String, Object>of() : args.inputs;
            inputsByType.put(args.type, inputs);
            var state = new HashMap<String, Object>(inputs);
            if ("pulumi:pulumi:StackReference".equals(args.type)) {
                state.put("outputs", milvusOutputs);
                state.put("secretOutputNames", List.of());
            }
            return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"), state));
        }
    }

    private static TestResult run(StackMocks mocks, Map<String, String> config) {
        return PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName("milvus-consumer").stackName("dev").build())
                .mocks(mocks)
                // Errors are asserted from the result; logging them too would print SEVERE lines in a passing build.
                .standardLogger(PulumiTestInternal.logger(java.util.logging.Level.OFF))
                .config(config, Set.of())
                .build()
                .runTest(App::program);
    }

    private static Map<String, Object> outputs(String mode, String pem) {
        return Map.of("endpoint", "milvus-dev.example.com:443", "domain", "milvus-dev.example.com",
                "certificateMode", mode, "certificatePem", pem, "port", 443);
    }

    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    @Test
    void selfManagedStackGivesTheAppUriServerNameAndCertificate() {
        var mocks = new StackMocks(outputs("self-managed", PEM));
        var result = run(mocks, Map.of("milvus-consumer:milvusStack", "acme/milvus-gke-l7/dev",
                "milvus-consumer:appNamespace", "search"));
        assertTrue(result.exceptions().isEmpty(), result.exceptions().toString());

        assertEquals("acme/milvus-gke-l7/dev", mocks.inputsByType.get("pulumi:pulumi:StackReference").get("name"));
        var secret = mocks.inputsByType.get("kubernetes:core/v1:Secret");
        assertEquals("Opaque", secret.get("type"));
        assertEquals(Map.of("name", "milvus-connection", "namespace", "search", "labels", Map.of("app.kubernetes.io/managed-by", "pulumi")),
                secret.get("metadata"));
        assertEquals(Map.of(
                "MILVUS_URI", "https://milvus-dev.example.com:443",
                "MILVUS_SERVER_NAME", "milvus-dev.example.com",
                "MILVUS_TLS_MODE", "self-managed",
                "MILVUS_CA_PEM", PEM), secret.get("stringData"));
        assertEquals("https://milvus-dev.example.com:443", PulumiTest.extractValue(result.output("milvusUri")));
    }

    @Test
    void googleManagedStackLeavesTrustToTheSystemStore() {
        var mocks = new StackMocks(outputs("google-managed", ""));
        var result = run(mocks, Map.of("milvus-consumer:milvusStack", "acme/milvus-gke-l7/prod"));
        assertTrue(result.exceptions().isEmpty(), result.exceptions().toString());
        @SuppressWarnings("unchecked")
        var data = (Map<String, Object>) mocks.inputsByType.get("kubernetes:core/v1:Secret").get("stringData");
        assertFalse(data.containsKey("MILVUS_CA_PEM"), data.toString());
        assertEquals("google-managed", data.get("MILVUS_TLS_MODE"));
    }

    @Test
    void withAuthenticationOnTheAppGetsTheTokenAsASecret() {
        var outputs = new HashMap<>(outputs("self-managed", PEM));
        outputs.put("milvusAuthentication", true);
        outputs.put("milvusUser", "root");
        outputs.put("milvusPassword", "generated-Pw-123");
        var mocks = new StackMocks(outputs);
        var result = run(mocks, Map.of("milvus-consumer:milvusStack", "acme/milvus-gke-l7/dev"));
        assertTrue(result.exceptions().isEmpty(), result.exceptions().toString());
        @SuppressWarnings("unchecked")
        var data = (Map<String, Object>) mocks.inputsByType.get("kubernetes:core/v1:Secret").get("stringData");
        assertEquals("root:generated-Pw-123", data.get("MILVUS_TOKEN"));

        outputs.put("milvusAuthentication", false);
        outputs.put("milvusUser", "");
        outputs.put("milvusPassword", "");
        var off = new StackMocks(outputs);
        run(off, Map.of("milvus-consumer:milvusStack", "acme/milvus-gke-l7/dev"));
        @SuppressWarnings("unchecked")
        var offData = (Map<String, Object>) off.inputsByType.get("kubernetes:core/v1:Secret").get("stringData");
        assertFalse(offData.containsKey("MILVUS_TOKEN"), offData.toString());
    }

    @Test
    void aStackWithoutTheEndpointOutputFailsByName() {
        var incomplete = new HashMap<>(outputs("self-managed", PEM));
        incomplete.remove("endpoint");
        var result = run(new StackMocks(incomplete), Map.of("milvus-consumer:milvusStack", "acme/milvus-gke-l7/dev"));
        var reported = String.join("\n", result.errors()) + result.exceptions();
        assertTrue(reported.contains("endpoint"), reported);
    }
}
