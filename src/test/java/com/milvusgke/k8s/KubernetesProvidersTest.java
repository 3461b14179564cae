package com.milvusgke.k8s;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A cluster stack's kubeconfig output reaches the provider as text, whichever form the stack exported. */
class KubernetesProvidersTest {
    @Test
    void textStaysTextAndAnObjectBecomesJson() {
        assertEquals("apiVersion: v1\nkind: Config\n", KubernetesProviders.kubeconfigText("apiVersion: v1\nkind: Config\n"));
        assertEquals("{\"apiVersion\":\"v1\",\"kind\":\"Config\"}",
                KubernetesProviders.kubeconfigText(Map.of("apiVersion", "v1", "kind", "Config").entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                                java.util.LinkedHashMap::new))));
    }
}
