package com.milvusgke.k8s;

import java.util.Optional;

/**
 * What the stack checks in the cluster before it creates anything there: run once per deployment, with the
 * kubeconfig the stack's provider will use (empty: the ambient one). Throws a {@link ClusterCheckException} naming
 * each problem; the stack's Kubernetes provider, and with it every Kubernetes object, waits for it.
 */
@FunctionalInterface
public interface ClusterCheck {
    /** Offline evaluation ({@code plan}, tests under the SDK's mocks): there is no cluster to look at. */
    ClusterCheck OFFLINE = kubeconfig -> {
    };

    void verify(Optional<String> kubeconfig);
}
