package com.milvusgke.k8s;

import java.util.Map;

/** Recommended Kubernetes labels on every object this program creates, so `kubectl get -l` finds them. */
public final class Labels {
    public static final String PART_OF = "milvus-gke-l7";

    private Labels() {
    }

    public static Map<String, String> forRelease(String releaseName) {
        return Map.of(
                "app.kubernetes.io/managed-by", "pulumi",
                "app.kubernetes.io/part-of", PART_OF,
                "app.kubernetes.io/instance", releaseName);
    }
}
