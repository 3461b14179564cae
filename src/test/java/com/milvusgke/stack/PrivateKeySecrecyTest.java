package com.milvusgke.stack;

import com.milvusgke.StackFixture;
import com.milvusgke.plan.PlaceholderMocks;
import com.milvusgke.plan.SecretValue;
import com.milvusgke.plan.StackEvaluation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The private key is a Pulumi secret in every property that carries it, and never a stack output, in every
 * configuration users run.
 *
 * <p>This is the half of the rule the CrossGuard pack cannot enforce: the analyzer hands a policy every property in
 * clear (secrets unwrapped), so a policy can see <em>where</em> a key is (policy {@code private-key-only-in-secrets},
 * {@code private-key-not-a-stack-output}) but not whether the program marked it secret. Here the program runs under
 * the SDK's mocks, where a secret input arrives as a {@link SecretValue}; the mocks' private key
 * ({@link PlaceholderMocks#PRIVATE_KEY}) is followed from the tls PrivateKey to every input and output it reaches.
 */
class PrivateKeySecrecyTest {
    /** How the policy pack recognises key material (policy/src/keys.ts). */
    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----");
    private static final String CERT = "tls:index/selfSignedCert:SelfSignedCert";
    private static final String SECRET = "kubernetes:core/v1:Secret";

    static Stream<List<String>> configurations() {
        var configs = new ArrayList<List<String>>();
        for (var mode : List.of("self-managed", "google-managed")) {
            for (var cluster : List.of("true", "false")) {
                configs.add(List.of("domain", "milvus.example.com", "certificateMode", mode, "clusterEnabled", cluster));
            }
        }
        configs.add(List.of("domain", "milvus.example.com", "keyAlgorithm", "ECDSA", "ecdsaCurve", "P384"));
        configs.add(List.of("domain", "milvus.example.com", "certificateMode", "google-managed", "httpsRedirect", "true"));
        configs.add(List.of("domain", "milvus.example.com", "existingRelease", "true", "adoptRelease", "true", "namespace", "vectors"));
        configs.add(List.of("domain", "milvus.example.com", "helmValues",
                "{\"proxy\":{\"replicas\":2,\"volumes\":[{\"name\":\"extra\",\"emptyDir\":{}}],"
                        + "\"volumeMounts\":[{\"name\":\"extra\",\"mountPath\":\"/extra\"}]}}"));
        return configs.stream();
    }

    private static StackEvaluation ok(List<String> config) {
        var evaluation = StackFixture.run(config.toArray(String[]::new));
        assertTrue(evaluation.succeeded(), () -> config + ": " + evaluation.errors() + " " + evaluation.exceptions());
        return evaluation;
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void theKeyReachesOnlySecretInputs(List<String> config) {
        var e = ok(config);
        var plain = new ArrayList<String>();
        var secret = new ArrayList<String>();
        for (var r : e.resources()) {
            walk(r.inputs(), r.type() + " " + r.name(), false, plain, secret);
        }
        assertEquals(List.of(), plain, config + ": the private key is in clear in these inputs");
        // Not vacuous: the key does travel, as a secret, to the certificate and into the kubernetes.io/tls Secret.
        assertTrue(secret.stream().anyMatch(p -> p.startsWith(CERT + " ") && p.endsWith(".privateKeyPem")), secret.toString());
        assertTrue(secret.stream().anyMatch(p -> p.startsWith(SECRET + " ") && p.endsWith(".stringData.tls.key")), secret.toString());
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void noOutputHoldsTheKeyEvenAsASecret(List<String> config) {
        var e = ok(config);
        var plain = new ArrayList<String>();
        var secret = new ArrayList<String>();
        walk(e.outputs(), "outputs", false, plain, secret);
        assertEquals(List.of(), plain, config + ": outputs holding the key");
        assertEquals(List.of(), secret, config + ": outputs holding the key as a secret");
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void noPlainInputOrOutputHoldsPemKeyMaterial(List<String> config) {
        var e = ok(config);
        var strings = new ArrayList<String>();
        for (var r : e.resources()) {
            plainStrings(r.inputs(), r.type() + " " + r.name(), strings);
        }
        plainStrings(e.outputs(), "outputs", strings);
        assertEquals(List.of(), strings.stream().filter(s -> PEM_PRIVATE_KEY.matcher(s).find()).toList());
    }

    /** Records each path whose string holds the mocks' private key, as plain or secret (under a {@link SecretValue}). */
    private static void walk(Object value, String path, boolean underSecret, List<String> plain, List<String> secret) {
        if (value instanceof SecretValue s) {
            walk(s.value(), path, true, plain, secret);
        } else if (value instanceof String s) {
            if (s.contains(PlaceholderMocks.PRIVATE_KEY)) {
                (underSecret ? secret : plain).add(path);
            }
        } else if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, underSecret, plain, secret));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), path + "[" + i + "]", underSecret, plain, secret);
            }
        }
    }

    /** Every string outside a secret, as "path: value". */
    private static void plainStrings(Object value, String path, List<String> into) {
        if (value instanceof String s) {
            into.add(path + ": " + s);
        } else if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> plainStrings(v, path + "." + k, into));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                plainStrings(l.get(i), path + "[" + i + "]", into);
            }
        }
    }
}
