package com.milvusgke.k8s;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the check reads a declared object, and the labels every object carries. */
class DeclaredObjectTest {
    @Test
    void coreObjectsLiveUnderApiAndGroupedOnesUnderApis() {
        assertEquals("/api/v1/namespaces/ns/secrets/s", new DeclaredObject("v1", "Secret", "secrets", "ns", "s").path());
        assertEquals("/apis/networking.k8s.io/v1/namespaces/ns/ingresses/i",
                new DeclaredObject("networking.k8s.io/v1", "Ingress", "ingresses", "ns", "i").path());
        assertEquals("Ingress ns/i", new DeclaredObject("networking.k8s.io/v1", "Ingress", "ingresses", "ns", "i").toString());
    }

    @Test
    void everyObjectIsLabelledWithTheProgramAndItsRelease() {
        assertEquals(Map.of("app.kubernetes.io/managed-by", "pulumi", "app.kubernetes.io/part-of", "milvus-gke-l7",
                "app.kubernetes.io/instance", "vectors"), Labels.forRelease("vectors"));
    }
}
