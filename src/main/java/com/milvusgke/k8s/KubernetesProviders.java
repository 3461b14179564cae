package com.milvusgke.k8s;

import com.milvusgke.config.ClusterAccess;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.StackReference;

import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The explicit Kubernetes provider every Kubernetes object of the stack uses. */
public final class KubernetesProviders {
    private KubernetesProviders() {
    }

    /** How long the program waits for the cluster check (and another stack's kubeconfig) before it gives up. */
    static final Duration CHECK_TIMEOUT = Duration.ofMinutes(5);

    /**
     * An explicit provider: with the kubeconfig from config or from another stack (a secret either way),
     * or with none, so the provider uses the ambient kubeconfig. Explicit in all cases, so the objects never
     * land in whatever cluster a default provider happens to point at.
     *
     * <p>{@code check} runs with the same kubeconfig while the provider starts; the stack waits for its answer
     * ({@link CheckedProvider#awaitCheck()}) before it registers anything else: when the check refuses, nothing is
     * created, in the cluster or elsewhere.
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
        // Off the program's thread (it reads the cluster), while the provider registers and its plugin starts.
        CompletableFuture<TakenOver> verdict = Internal.of(kubeconfig).getDataAsync().thenApplyAsync(data ->
                data.isKnown() ? check.verify(data.getValueNullable()) : TakenOver.UNKNOWN);
        var provider = new Provider(name, args.build(), CustomResourceOptions.builder().parent(parent).build());
        return new CheckedProvider(provider, verdict);
    }

    /**
     * The stack's provider, and the cluster check's answer.
     *
     * @param provider the explicit Kubernetes provider
     * @param verdict  what the check found (it fails with the check's refusal)
     */
    public record CheckedProvider(Provider provider, CompletableFuture<TakenOver> verdict) {
        /**
         * Waits for the check, on the program's own thread: a refusal is then thrown by the program itself, which Pulumi
         * reports as the one message of a {@link com.pulumi.exceptions.RunException} (no stack trace), rather than as a
         * failure to serialize some resource's inputs that waited for it.
         */
        public TakenOver awaitCheck() {
            try {
                return verdict.get(CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new ClusterCheckException(List.of("the cluster check did not answer within " + CHECK_TIMEOUT.toMinutes()
                        + " minutes (the API server, or the stack the kubeconfig comes from, did not answer)"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking the cluster", e);
            }
        }
    }

    /** Cluster stacks export a kubeconfig either as YAML/JSON text or as an object; the provider takes text. */
    static String kubeconfigText(Object value) {
        return value instanceof String text ? text : new com.google.gson.Gson().toJson(value);
    }
}
