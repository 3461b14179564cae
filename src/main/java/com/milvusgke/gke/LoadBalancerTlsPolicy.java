package com.milvusgke.gke;

import com.pulumi.core.Output;
import com.pulumi.gcp.compute.SSLPolicy;
import com.pulumi.gcp.compute.SSLPolicyArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import javax.annotation.Nullable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which TLS versions and ciphers the load balancer accepts from clients: a {@code gcp.compute.SSLPolicy} with one of
 * Google's profiles and TLS 1.2 at least, or an existing policy used by name. GKE attaches it to the load balancer's
 * HTTPS proxy through the FrontendConfig, which names it; so the name is set explicitly and never changes.
 */
public final class LoadBalancerTlsPolicy extends ComponentResource {
    /** Below TLS 1.2 every profile admits protocols with known weaknesses. */
    public static final String MIN_TLS_VERSION = "TLS_1_2";

    private final Output<String> policyName;
    private final Optional<SSLPolicy> policy;

    /** Which policy: one this component creates with a Google profile, or one that exists (its name may be another stack's output). */
    public sealed interface Args {
        /**
         * @param name    the policy's GCE name: fixed, because the FrontendConfig refers to it by name
         * @param profile MODERN, RESTRICTED or COMPATIBLE
         */
        record Managed(String name, String profile) implements Args {
            public Managed {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(profile, "profile");
            }
        }

        /** @param name the existing policy's name */
        record Existing(Output<String> name) implements Args {
            public Existing {
                Objects.requireNonNull(name, "name");
            }
        }
    }

    public LoadBalancerTlsPolicy(String name, Args args, @Nullable ComponentResourceOptions options) {
        super("milvusgke:gke:LoadBalancerTlsPolicy", name, options);
        if (args instanceof Args.Managed managed) {
            this.policyName = Output.of(managed.name());
            this.policy = Optional.of(new SSLPolicy(name + "-sslpolicy", SSLPolicyArgs.builder()
                    .name(managed.name())
                    .profile(managed.profile())
                    .minTlsVersion(MIN_TLS_VERSION)
                    .description("Milvus L7 load balancer (Pulumi stack): " + managed.profile() + ", TLS 1.2+")
                    .build(),
                    CustomResourceOptions.builder().parent(this).build()));
        } else {
            this.policyName = ((Args.Existing) args).name();
            this.policy = Optional.empty();
        }
        registerOutputs(Map.of("sslPolicyName", policyName));
    }

    /** The policy's GCE name, as the FrontendConfig refers to it. */
    public Output<String> policyName() {
        return policyName;
    }

    /** The policy this stack created; empty when it uses an existing one. */
    public Optional<SSLPolicy> policy() {
        return policy;
    }
}
