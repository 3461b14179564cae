package com.milvusgke.gke;

import com.milvusgke.config.StackConfig;
import com.pulumi.core.Output;
import com.pulumi.gcp.compute.SSLPolicy;
import com.pulumi.gcp.compute.SSLPolicyArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import javax.annotation.Nullable;
import java.util.Map;
import java.util.Optional;

/**
 * Which TLS versions and ciphers the load balancer accepts from clients: a {@code gcp.compute.SSLPolicy} with one of
 * Google's profiles and TLS 1.2 at least, or an existing policy used by name. GKE attaches it to the load balancer's
 * HTTPS proxy through the FrontendConfig, which names it; so the name is set explicitly and never changes.
 */
public final class LoadBalancerTlsPolicy extends ComponentResource {
    private final String policyName;
    private final Optional<SSLPolicy> policy;

    public LoadBalancerTlsPolicy(String name, StackConfig.SslPolicy sslPolicy, @Nullable ComponentResourceOptions options) {
        super("milvusgke:gke:LoadBalancerTlsPolicy", name, options);
        this.policyName = sslPolicy.name();
        this.policy = sslPolicy instanceof StackConfig.SslPolicy.Managed managed
                ? Optional.of(new SSLPolicy(name + "-sslpolicy", SSLPolicyArgs.builder()
                        .name(managed.name())
                        .profile(managed.profile())
                        .minTlsVersion(StackConfig.SslPolicy.Managed.MIN_TLS_VERSION)
                        .description("Milvus L7 load balancer (Pulumi stack): " + managed.profile() + ", TLS 1.2+")
                        .build(),
                        CustomResourceOptions.builder().parent(this).build()))
                : Optional.empty();
        registerOutputs(Map.of("sslPolicyName", Output.of(policyName)));
    }

    /** The policy's GCE name, as the FrontendConfig refers to it. */
    public String policyName() {
        return policyName;
    }

    /** The policy this stack created; empty when it uses an existing one. */
    public Optional<SSLPolicy> policy() {
        return policy;
    }
}
