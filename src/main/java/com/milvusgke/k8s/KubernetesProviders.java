package com.milvusgke.k8s;

import com.milvusgke.config.ClusterAccess;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.StackReference;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The explicit Kubernetes provider every Kubernetes object of the stack uses. */
public final class KubernetesProviders {
    private KubernetesProviders() {
    }

    /**
     * An explicit provider: with the kubeconfig from config or from another stack (a secret either way),
     * or with none, so the provider uses the ambient kubeconfig. Explicit in all cases, so the objects never
     * land in whatever cluster a default provider happens to point at.
     *
     * <p>{@code check} runs with the same kubeconfig while the provider starts; what the stack creates waits for
     * {@link CheckedProvider#checked()}: when the check refuses, nothing is created, in the cluster or elsewhere.
     */
    public static CheckedProvider create(String name, ClusterAccess access, ClusterCheck check, Resource parent) {
        var args = ProviderArgs.builder();
        Output<Optional<String>> kubeconfig = Output.of(Optional.empty());
        if (access instanceof ClusterAccess.Kubeconfig config) {
            args.kubeconfig(config.kubeconfig());
            kubeconfig = config.kubeconfig().applyValue(Optional::of);
        } else if (access instanceof ClusterAccess.StackOutput stackOutput) {
            var cluster = new StackReference(name + "-cluster-stack",
                    com.pulumi.resources.StackReferenceArgs.builder().name(stackOutput.stackName()).build(),
                    CustomResourceOptions.builder().parent(parent).build());
            var text = cluster.requireOutput(stackOutput.outputName()).applyValue(KubernetesProviders::kubeconfigText).asSecret();
            args.kubeconfig(text);
            kubeconfig = text.applyValue(Optional::of);
        }
        // Off the program's thread (it reads the cluster), and so failing the same way whenever the kubeconfig is known.
        Output<List<Resource>> checked = kubeconfig.apply(config -> Output.of(CompletableFuture.supplyAsync(() -> {
            check.verify(config);
            return List.<Resource>of();
        })));
        var provider = new Provider(name, args.build(), CustomResourceOptions.builder().parent(parent).build());
        return new CheckedProvider(provider, checked.applyValue(passed -> List.<Resource>of(provider)));
    }

    /**
     * The stack's provider, and what to wait for before creating anything with it.
     *
     * @param provider the explicit Kubernetes provider
     * @param checked  the provider, once the cluster check has passed (it fails with the check's refusal)
     */
    public record CheckedProvider(Provider provider, Output<List<Resource>> checked) {
    }

    /** Cluster stacks export a kubeconfig either as YAML/JSON text or as an object; the provider takes text. */
    static String kubeconfigText(Object value) {
        return value instanceof String text ? text : new com.google.gson.Gson().toJson(value);
    }
}
