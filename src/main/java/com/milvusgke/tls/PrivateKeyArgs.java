package com.milvusgke.tls;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import javax.annotation.Nullable;
import java.util.Objects;

/**
 * Inputs of {@code tls:index/privateKey:PrivateKey} (pulumi-tls 5.5.1). Property names are the provider
 * schema's; only these three inputs exist.
 */
public final class PrivateKeyArgs extends ResourceArgs {

    @Import(name = "algorithm", required = true)
    private Output<String> algorithm;

    @Import(name = "rsaBits")
    private @Nullable Output<Integer> rsaBits;

    @Import(name = "ecdsaCurve")
    private @Nullable Output<String> ecdsaCurve;

    private PrivateKeyArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final PrivateKeyArgs args = new PrivateKeyArgs();

        /** {@code RSA}, {@code ECDSA} or {@code ED25519}. */
        public Builder algorithm(String algorithm) {
            args.algorithm = Output.of(Objects.requireNonNull(algorithm, "algorithm"));
            return this;
        }

        public Builder rsaBits(int rsaBits) {
            args.rsaBits = Output.of(rsaBits);
            return this;
        }

        /** {@code P224}, {@code P256}, {@code P384} or {@code P521}. */
        public Builder ecdsaCurve(String ecdsaCurve) {
            args.ecdsaCurve = Output.of(Objects.requireNonNull(ecdsaCurve, "ecdsaCurve"));
            return this;
        }

        public PrivateKeyArgs build() {
            Objects.requireNonNull(args.algorithm, "algorithm is required");
            return args;
        }
    }
}
