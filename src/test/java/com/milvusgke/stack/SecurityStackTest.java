package com.milvusgke.stack;

import com.milvusgke.StackFixture;
import com.milvusgke.plan.PlaceholderMocks;
import com.milvusgke.plan.RecordedResource;
import com.milvusgke.plan.SecretValue;
import com.milvusgke.plan.StackEvaluation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.milvusgke.StackFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Secure by default: Milvus's authentication, root's password as a secret end to end, the allow-list's policy. */
class SecurityStackTest {
    private static final String RELEASE = MilvusL7StackTest.RELEASE;
    private static final String SECRET = MilvusL7StackTest.SECRET;
    private static final String CONFIGURED_PASSWORD = "configured-Root-pw-1";
    /** What the stack derives under the mocks, whose private keys are all the same placeholder. */
    private static final String GENERATED_PASSWORD = MilvusCredentials.derivePassword(PlaceholderMocks.PRIVATE_KEY);

    private static StackEvaluation ok(Set<String> secretKeys, String... config) {
        var e = StackFixture.run(secretKeys, config);
        assertTrue(e.succeeded(), () -> e.errors() + " " + e.exceptions());
        return e;
    }

    private static String userYaml(StackEvaluation e) {
        return (String) map(map(e.single(RELEASE).input("values")).get("extraConfigFiles")).get("user.yaml");
    }

    private static RecordedResource credentialsSecret(StackEvaluation e) {
        return e.ofType(SECRET).stream().filter(r -> r.name().equals("milvus-l7-credentials-secret")).findFirst().orElseThrow();
    }

    @Test
    void aDefaultStackTurnsAuthenticationOnAndHandsMilvusTheGeneratedPasswordByReference() {
        var e = ok(Set.of(), "domain", "milvus.example.com");
        assertTrue(userYaml(e).contains("authorizationEnabled: true"), userYaml(e));

        var secret = credentialsSecret(e);
        assertEquals("my-release-milvus-root-credentials", secret.input("metadata", "name"));
        assertEquals(List.of("stringData"), secret.secretPaths(), "the whole stringData is a secret");
        assertEquals(Map.of("username", "root", "password", GENERATED_PASSWORD), ((SecretValue) secret.input("stringData")).value());

        // Every component that can create root at a first start reads the password from that Secret.
        var values = map(e.single(RELEASE).input("values"));
        for (var component : List.of("standalone", "mixCoordinator", "rootCoordinator")) {
            assertEquals(List.of(Map.of("name", "COMMON_SECURITY_DEFAULTROOTPASSWORD", "valueFrom",
                    Map.of("secretKeyRef", Map.of("name", "my-release-milvus-root-credentials", "key", "password")))),
                    map(values.get(component)).get("extraEnv"), component);
        }
        assertTrue(e.single(RELEASE).dependsOn().contains(secret.name()), "the Secret exists before Milvus first starts");
        // The generation's seed is a key of its own, used for nothing else.
        var seed = e.ofType(MilvusL7StackTest.PRIVATE_KEY).stream().filter(r -> r.name().equals("milvus-l7-credentials-seed")).toList();
        assertEquals(1, seed.size());

        assertEquals(true, e.outputs().get("milvusAuthentication"));
        assertEquals("root", e.outputs().get("milvusUser"));
        assertEquals(new SecretValue(GENERATED_PASSWORD), e.outputs().get("milvusPassword"));
        assertEquals(List.of(), e.warnings(), "closed by default: nothing to warn about");
        assertEquals("on", ingressAnnotation(e));
    }

    @Test
    void theUsersOwnEnvironmentStaysBesideRootsPassword() {
        var e = ok(Set.of(), "domain", "milvus.example.com",
                "helmValues", "{\"mixCoordinator\":{\"extraEnv\":[{\"name\":\"GODEBUG\",\"value\":\"x=1\"}]}}");
        @SuppressWarnings("unchecked")
        var env = (List<Map<String, Object>>) map(map(e.single(RELEASE).input("values")).get("mixCoordinator")).get("extraEnv");
        assertEquals(List.of("GODEBUG", "COMMON_SECURITY_DEFAULTROOTPASSWORD"), env.stream().map(v -> v.get("name")).toList());
        var refused = StackFixture.run("domain", "milvus.example.com",
                "helmValues", "{\"standalone\":{\"extraEnv\":[{\"name\":\"COMMON_SECURITY_DEFAULTROOTPASSWORD\",\"value\":\"x\"}]}}");
        assertEquals(List.of(), refused.resources());
        assertTrue(refused.errors().get(0).contains("standalone.extraEnv COMMON_SECURITY_DEFAULTROOTPASSWORD is not allowed"),
                refused.errors().toString());
    }

    @Test
    void thePasswordIsNeverInClear() {
        for (var config : List.of(new String[]{"domain", "milvus.example.com"},
                new String[]{"domain", "milvus.example.com", "milvusRootPassword", CONFIGURED_PASSWORD})) {
            var e = ok(Set.of("milvusRootPassword"), config);
            var password = config.length > 2 ? CONFIGURED_PASSWORD : GENERATED_PASSWORD;
            for (var resource : e.resources()) {
                for (var plain : MilvusL7StackTest.plainStrings(resource.inputs(), new ArrayList<>())) {
                    assertFalse(plain.contains(password), resource.type() + " " + resource.name() + " has root's password in clear");
                }
            }
            assertFalse(MilvusL7StackTest.plainStrings(e.outputs(), new ArrayList<>()).stream().anyMatch(s -> s.contains(password)), "outputs");
            assertEquals(new SecretValue(password), e.outputs().get("milvusPassword"));
            assertEquals(config.length > 2 ? 0 : 1,
                    e.ofType(MilvusL7StackTest.PRIVATE_KEY).stream().filter(r -> r.name().endsWith("-seed")).count(),
                    "a configured password needs no generation");
        }
    }

    @Test
    void authenticationOffLeavesNoCredentialsAndWarns() {
        var e = ok(Set.of(), "domain", "milvus.example.com", "milvusAuthentication", "false");
        assertTrue(userYaml(e).contains("authorizationEnabled: false"), userYaml(e));
        assertTrue(e.ofType(SECRET).stream().noneMatch(r -> r.name().startsWith("milvus-l7-credentials")));
        assertFalse(map(e.single(RELEASE).input("values")).containsKey("mixCoordinator"));
        assertEquals(false, e.outputs().get("milvusAuthentication"));
        assertEquals("", e.outputs().get("milvusUser"));
        assertEquals(1, e.warnings().size(), e.warnings().toString());
        assertTrue(e.warnings().get(0).contains("milvusAuthentication"), e.warnings().get(0));
        assertEquals("off", ingressAnnotation(e));
    }

    @Test
    void anAdoptedReleaseIsNotSwitchedSilently() {
        var e = ok(Set.of(), "domain", "milvus.example.com", "existingRelease", "true");
        assertTrue(userYaml(e).contains("authorizationEnabled: false"), userYaml(e));
        assertEquals(1, e.warnings().size());
        assertTrue(e.warnings().get(0).contains("the adopted release default/my-release keeps it off"), e.warnings().get(0));
        assertEquals("kept-off-adopted", ingressAnnotation(e), "the policy pack tells this case from a deliberate off");

        var on = ok(Set.of("milvusRootPassword"), "domain", "milvus.example.com", "existingRelease", "true",
                "milvusAuthentication", "true", "milvusRootPassword", CONFIGURED_PASSWORD);
        assertTrue(userYaml(on).contains("authorizationEnabled: true"));
        assertTrue(credentialsSecret(on).retainOnDelete(), "the release destroy leaves installed still refers to it");
        assertEquals(List.of(), on.warnings());
    }

    @Test
    void allowedSourceRangesBecomeACloudArmorPolicyOnEveryBackend() {
        var ranges = new ArrayList<String>();
        for (int i = 0; i < 12; i++) {
            ranges.add("198.51.100." + (i * 16) + "/28");
        }
        var json = "[" + String.join(",", ranges.stream().map(r -> "\"" + r + "\"").toList()) + "]";
        var e = ok(Set.of(), "domain", "milvus.example.com", "restApi", "true", "allowedSourceRanges", json);
        var policy = e.single("gcp:compute/securityPolicy:SecurityPolicy");
        assertEquals("milvus-dev-armor", policy.input("name"));
        assertEquals("CLOUD_ARMOR", policy.input("type"));
        @SuppressWarnings("unchecked")
        var rules = (List<Map<String, Object>>) policy.input("rules");
        assertEquals(3, rules.size(), "10 ranges per rule, then the default rule");
        assertEquals("allow", rules.get(0).get("action"));
        assertEquals(1000L, rules.get(0).get("priority"));
        assertEquals(ranges.subList(0, 10), map(map(rules.get(0).get("match")).get("config")).get("srcIpRanges"));
        assertEquals(ranges.subList(10, 12), map(map(rules.get(1).get("match")).get("config")).get("srcIpRanges"));
        assertEquals(1001L, rules.get(1).get("priority"));
        var last = rules.get(2);
        assertEquals("deny(403)", last.get("action"));
        assertEquals(2147483647L, last.get("priority"));
        assertEquals(List.of("*"), map(map(last.get("match")).get("config")).get("srcIpRanges"));
        // Both BackendConfigs (gRPC and REST) attach it, and wait for it.
        var backendConfigs = e.ofType(MilvusL7StackTest.BACKEND_CONFIG);
        assertEquals(2, backendConfigs.size());
        for (var backendConfig : backendConfigs) {
            assertEquals(Map.of("name", "milvus-dev-armor"), backendConfig.input("spec", "securityPolicy"));
            assertTrue(backendConfig.dependsOn().contains(policy.name()), backendConfig.name() + " " + backendConfig.dependsOn());
        }
    }

    private static Object ingressAnnotation(StackEvaluation e) {
        return map(e.single(MilvusL7StackTest.INGRESS).input("metadata", "annotations")).get("milvus-gke-l7/milvus-authentication");
    }
}
