package com.milvusgke.k8s;

import com.milvusgke.config.ClusterAccess;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.StackReference;

/** The explicit Kubernetes provider every Kubernetes object of the stack uses. */
public final class KubernetesProviders {
    private KubernetesProviders() {
    }

    /**
     * An explicit provider: with the kubeconfig from config or from another stack (a secret either way),
     * or with none, so the provider uses the ambient kubeconfig. Explicit in all cases, so the objects never
     * land in whatever cluster a default provider happens to point at.
     */
    public static Provider create(String name, ClusterAccess access, Resource parent) {
        var options = CustomResourceOptions.builder().parent(parent).build();
        var args = ProviderArgs.builder();
        if (access instanceof ClusterAccess.Kubeconfig kubeconfig) {
            args.kubeconfig(kubeconfig.kubeconfig());
        } else if (access instanceof ClusterAccess.StackOutput stackOutput) {
            var cluster = new StackReference(name + "-cluster-stack",
                    com.pulumi.resources.StackReferenceArgs.builder().name(stackOutput.stackName()).build(), options);
            args.kubeconfig(cluster.requireOutput(stackOutput.outputName()).applyValue(KubernetesProviders::kubeconfigText).asSecret());
        }
        return new Provider(name, args.build(), options);
    }

    /** Cluster stacks export a kubeconfig either as YAML/JSON text or as an object; the provider takes text. */
    static String kubeconfigText(Object value) {
        return value instanceof String text ? text : new com.google.gson.Gson().toJson(value);
    }
}
