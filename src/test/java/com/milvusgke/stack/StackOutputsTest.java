package com.milvusgke.stack;

import com.milvusgke.plan.SecretValue;

import com.milvusgke.StackFixture;
import com.milvusgke.plan.PlaceholderMocks;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The outputs other stacks consume. A rename or type change here must break this build, not a consumer. */
class StackOutputsTest {

    @Test
    void contractNamesAndTypesArePinned() {
        var expected = new LinkedHashMap<String, Class<?>>();
        expected.put("ingressAddress", String.class);
        expected.put("staticIpAddress", String.class);
        expected.put("staticIpName", String.class);
        expected.put("domain", String.class);
        expected.put("endpoint", String.class);
        expected.put("port", Integer.class);
        expected.put("certificateMode", String.class);
        expected.put("tlsSecretName", String.class);
        expected.put("certificatePem", String.class);
        expected.put("milvusServiceName", String.class);
        expected.put("namespace", String.class);
        expected.put("releaseName", String.class);
        expected.put("dnsName", String.class);
        expected.put("restEndpoint", String.class);
        expected.put("milvusAuthentication", Boolean.class);
        expected.put("milvusUser", String.class);
        expected.put("milvusPassword", String.class); // a secret
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(StackOutputs.CONTRACT.entrySet()));
    }

    @Test
    void stackExportsExactlyTheContractWithTheDeclaredTypes() {
        var e = StackFixture.run("domain", "milvus-dev.example.com");
        assertEquals(StackOutputs.CONTRACT.keySet(), e.outputs().keySet());
        StackOutputs.CONTRACT.forEach((name, type) -> {
            var value = e.outputs().get(name);
            assertInstanceOf(type, value instanceof SecretValue secret ? secret.value() : value, name);
        });
        // Root's password is only ever a secret; the user is not one.
        assertInstanceOf(SecretValue.class, e.outputs().get("milvusPassword"));
        assertEquals(true, e.outputs().get("milvusAuthentication"));
        assertEquals("root", e.outputs().get("milvusUser"));
        assertEquals(Map.of(
                "ingressAddress", PlaceholderMocks.STATIC_IP,
                "staticIpAddress", PlaceholderMocks.STATIC_IP,
                "staticIpName", "milvus-dev-ip",
                "domain", "milvus-dev.example.com",
                "endpoint", "milvus-dev.example.com:443",
                "port", 443,
                "certificateMode", "self-managed",
                "tlsSecretName", "my-release-milvus-tls",
                "certificatePem", PlaceholderMocks.CERTIFICATE_PEM,
                "milvusServiceName", "my-release-milvus"), withoutKeys(e.outputs(), "namespace", "releaseName", "dnsName", "restEndpoint",
                "milvusAuthentication", "milvusUser", "milvusPassword"));
        assertEquals("default", e.outputs().get("namespace"));
        assertEquals("my-release", e.outputs().get("releaseName"));
        assertEquals("", e.outputs().get("dnsName"));
        assertEquals("", e.outputs().get("restEndpoint"));
    }

    private static Map<String, Object> withoutKeys(Map<String, Object> map, String... keys) {
        var copy = new LinkedHashMap<>(map);
        for (var key : keys) {
            copy.remove(key);
        }
        return copy;
    }

    /** The README's list of the contract names every output, so a consumer reading it misses none. */
    @org.junit.jupiter.api.Test
    void readmeListsEveryOutputOfTheContract() throws java.io.IOException {
        var readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        var start = readme.indexOf("The outputs are a contract");
        var list = readme.substring(start, readme.indexOf("The private key is never an output.", start));
        for (var name : StackOutputs.CONTRACT.keySet()) {
            org.junit.jupiter.api.Assertions.assertTrue(list.contains("`" + name + "`"), "README's output contract lacks " + name);
        }
    }
}
