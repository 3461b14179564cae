package com.milvusgke.k8s;

import java.util.Optional;

/**
 * What the stack checks in the cluster before it creates anything there: run once per deployment, with the
 * kubeconfig the stack's provider will use (empty: the ambient one). Throws a {@link ClusterCheckException} naming
 * each problem; the stack registers nothing of its own before the check has answered.
 */
@FunctionalInterface
public interface ClusterCheck {
    /** Offline evaluation ({@code plan}, tests under the SDK's mocks): there is no cluster to look at. */
    ClusterCheck OFFLINE = kubeconfig -> TakenOver.UNKNOWN;

    /** @return which declared objects the stack takes or took over (destroy keeps them) */
    TakenOver verify(Optional<String> kubeconfig);
}
