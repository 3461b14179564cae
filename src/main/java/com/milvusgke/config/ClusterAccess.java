package com.milvusgke.config;

import com.pulumi.core.Output;

/** How the program reaches the GKE cluster's API server. */
public sealed interface ClusterAccess {

    /** The ambient kubeconfig (KUBECONFIG or ~/.kube/config), e.g. after `gcloud container clusters get-credentials`. */
    record Ambient() implements ClusterAccess {
    }

    /** A kubeconfig held in this stack's config as a secret. */
    record Kubeconfig(Output<String> kubeconfig) implements ClusterAccess {
        @Override
        public String toString() {
            return "Kubeconfig[secret]";
        }
    }

    /** A kubeconfig published by another stack (e.g. the one that creates the cluster). */
    record StackOutput(String stackName, String outputName) implements ClusterAccess {
    }
}
