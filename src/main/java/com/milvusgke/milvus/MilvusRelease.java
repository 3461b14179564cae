package com.milvusgke.milvus;

import com.milvusgke.config.StackConfig;
import com.pulumi.core.Output;
import com.milvusgke.k8s.Placement;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Milvus Helm release, switched to what the L7 load balancer needs: a ClusterIP Service with the GKE
 * annotations, TLS on with the certificate mounted where Milvus reads it, metrics (and so :9091/healthz) on.
 * Installed atomically: a failed upgrade rolls back instead of leaving a half-upgraded database.
 */
public final class MilvusRelease extends ComponentResource {
    private final Release release;
    private final Map<String, Object> values;

    public MilvusRelease(String name, Args args, @Nullable ComponentResourceOptions options) {
        super("milvusgke:milvus:MilvusRelease", name, options);
        var milvus = args.milvus;
        this.values = MilvusValues.build(milvus, args.serviceAnnotations, args.tlsSecretName,
                args.certificatePem.applyValue(MilvusRelease::certificateChecksum), args.placement.stackIdentity(),
                args.authentication);
        var releaseArgs = ReleaseArgs.builder()
                .name(milvus.releaseName())
                .namespace(args.placement.namespace())
                .version(milvus.chartVersion())
                .values(values)
                // Atomic needs Helm's wait: without it there is nothing to roll back from.
                .atomic(milvus.waitForReady())
                .cleanupOnFail(true)
                .timeout(milvus.helmTimeoutSeconds())
                .maxHistory(10);
        if (milvus.ociRepository()) {
            releaseArgs.chart(milvus.chartRepository() + "/" + MilvusChart.CHART);
        } else {
            releaseArgs.chart(MilvusChart.CHART).repositoryOpts(RepositoryOptsArgs.builder().repo(milvus.chartRepository()).build());
        }
        if (!milvus.waitForReady()) {
            releaseArgs.skipAwait(true);
        }
        this.release = new Release(name + "-release", releaseArgs.build(), options(args));
        registerOutputs(Map.of("releaseName", Output.of(milvus.releaseName())));
    }

    /** Every input this program sets, besides the release's identity (name, namespace). */
    static final List<String> MANAGED_INPUTS = List.of(
            "chart", "version", "repositoryOpts", "values", "atomic", "cleanupOnFail", "timeout", "maxHistory", "skipAwait", "compat");

    private CustomResourceOptions options(Args args) {
        // A release installed outside the stack is the user's database: destroy forgets it and leaves it running.
        var options = args.placement.options(this).dependsOn(args.dependsOn).retainOnDelete(args.milvus.existingRelease());
        var milvus = args.milvus;
        if (milvus.adoptExisting()) {
            // Adoption step 1: take the hand-installed release into the stack exactly as it is. An import must
            // not change anything, so the inputs this program would change are ignored until step 2 (adoptRelease
            // unset), which updates the release in place.
            options.importId(milvus.namespace() + "/" + milvus.releaseName()).ignoreChanges(MANAGED_INPUTS);
        }
        return options.build();
    }

    public Release release() {
        return release;
    }

    /** The exact values passed to Helm. */
    public Map<String, Object> values() {
        return values;
    }

    /** What the pod-template annotation {@value MilvusValues#CERTIFICATE_CHECKSUM_ANNOTATION} holds: the PEM's SHA-256, hex. */
    public static String certificateChecksum(String text) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Inputs of {@link MilvusRelease}.
     *
     * @param milvus             the release's settings and the user's extra values
     * @param serviceAnnotations the GKE annotations that bind the chart's Service to the load balancer
     * @param tlsSecretName      the kubernetes.io/tls Secret mounted where Milvus reads its certificate
     * @param certificatePem     the certificate in that Secret: a renewal changes its checksum and so rolls the pods
     * @param authentication     Milvus's authentication, and the Secret root's first password comes from
     * @param dependsOn          what must exist first (the Secret the pods mount, the BackendConfig the Service names)
     * @param placement          the release's own namespace and name, and the provider
     */
    public record Args(StackConfig.Milvus milvus, Map<String, String> serviceAnnotations, String tlsSecretName,
                       Output<String> certificatePem, MilvusValues.Authentication authentication, List<Resource> dependsOn,
                       Placement placement) {
        public Args {
            Objects.requireNonNull(authentication, "authentication");
            Objects.requireNonNull(milvus, "milvus");
            serviceAnnotations = Map.copyOf(serviceAnnotations);
            Objects.requireNonNull(tlsSecretName, "tlsSecretName");
            Objects.requireNonNull(certificatePem, "certificatePem");
            dependsOn = List.copyOf(dependsOn);
            Objects.requireNonNull(placement, "placement");
            if (!placement.namespace().equals(milvus.namespace()) || !placement.releaseName().equals(milvus.releaseName())) {
                throw new IllegalArgumentException("placement must be the release's own namespace and name");
            }
        }
    }
}
