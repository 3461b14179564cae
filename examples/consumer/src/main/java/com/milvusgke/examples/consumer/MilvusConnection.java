package com.milvusgke.examples.consumer;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;

import javax.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An application's Milvus connection, taken from a milvus-gke-l7 stack's outputs (its documented contract)
 * and handed to the application as a Kubernetes Secret: URI, TLS server name, and in self-managed mode the
 * certificate to trust; with Milvus's authentication on, the token {@code <milvusUser>:<milvusPassword>} (a secret in
 * the Milvus stack, so a secret here and in the Secret's state). requireOutput makes a stack without these outputs
 * fail the update by name; the credentials are read with getOutput, so a stack from before they existed still works.
 */
public final class MilvusConnection extends ComponentResource {
    public static final String SELF_MANAGED = "self-managed";

    private final Output<String> milvusUri;
    private final Output<String> secretName;

    public MilvusConnection(String name, Args args, @Nullable ComponentResourceOptions options) {
        super("milvusgke:examples:MilvusConnection", name, options);
        var milvus = new StackReference(name + "-stack", StackReferenceArgs.builder().name(args.milvusStack).build(),
                CustomResourceOptions.builder().parent(this).build());
        var endpoint = text(milvus.requireOutput("endpoint"));
        var domain = text(milvus.requireOutput("domain"));
        var mode = text(milvus.requireOutput("certificateMode"));
        var certificatePem = text(milvus.requireOutput("certificatePem"));
        this.milvusUri = endpoint.applyValue(e -> "https://" + e);
        // Milvus's token form, as pymilvus (token=), the Java SDK (.token()) and the REST API (Bearer) take it.
        var token = Output.tuple(optionalText(milvus.output("milvusAuthentication")), optionalText(milvus.output("milvusUser")),
                        optionalText(milvus.output("milvusPassword")))
                .applyValue(t -> "true".equals(t.t1) && !t.t3.isEmpty() ? t.t2 + ":" + t.t3 : "");

        var data = Output.tuple(milvusUri, domain, mode, certificatePem, token).applyValue(t -> {
            var values = new LinkedHashMap<String, String>();
            values.put("MILVUS_URI", t.t1);
            values.put("MILVUS_SERVER_NAME", t.t2);
            values.put("MILVUS_TLS_MODE", t.t3);
            // Google-managed certificates chain to public roots: the app uses its system trust store then.
            if (SELF_MANAGED.equals(t.t3)) {
                values.put("MILVUS_CA_PEM", t.t4);
            }
            if (!t.t5.isEmpty()) {
                values.put("MILVUS_TOKEN", t.t5);
            }
            return (Map<String, String>) values;
        }).asSecret();
        var secret = new Secret(name + "-connection", SecretArgs.builder()
                .metadata(ObjectMetaArgs.builder()
                        .name(args.secretName)
                        .namespace(args.appNamespace)
                        .labels(Map.of("app.kubernetes.io/managed-by", "pulumi"))
                        .build())
                .type("Opaque")
                .stringData(data)
                .build(), CustomResourceOptions.builder().parent(this).build());
        this.secretName = secret.metadata().applyValue(m -> m.name().orElse(args.secretName));
        registerOutputs(Map.of("milvusUri", milvusUri, "secretName", secretName));
    }

    /** An output that older stacks do not have: empty when absent. */
    private static Output<String> optionalText(Output<?> output) {
        return output.applyValue(v -> v == null ? "" : String.valueOf(v));
    }

    private static Output<String> text(Output<?> output) {
        return output.applyValue(String::valueOf);
    }

    public Output<String> milvusUri() {
        return milvusUri;
    }

    public Output<String> secretName() {
        return secretName;
    }

    /** Inputs of {@link MilvusConnection}: the app's Secret is {@code milvus-connection} in {@code default} by default. */
    public static final class Args {
        private final String milvusStack;
        private final String appNamespace;
        private final String secretName;

        private Args(Builder b) {
            this.milvusStack = Objects.requireNonNull(b.milvusStack, "milvusStack");
            this.appNamespace = b.appNamespace;
            this.secretName = b.secretName;
        }

        public static Builder builder() {
            return new Builder();
        }
    }

    public static final class Builder {
        private String milvusStack;
        private String appNamespace = "default";
        private String secretName = "milvus-connection";

        /** The milvus-gke-l7 stack, e.g. {@code acme/milvus-gke-l7/dev}. */
        public Builder milvusStack(String milvusStack) {
            this.milvusStack = milvusStack;
            return this;
        }

        public Builder appNamespace(String appNamespace) {
            this.appNamespace = appNamespace;
            return this;
        }

        public Builder secretName(String secretName) {
            this.secretName = secretName;
            return this;
        }

        public Args build() {
            return new Args(this);
        }
    }
}
