package com.milvusgke.tls;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Objects;

/** Inputs of {@code tls:index/selfSignedCert:SelfSignedCert} (pulumi-tls 5.5.1), the subset this project sets. */
public final class SelfSignedCertArgs extends ResourceArgs {

    @Import(name = "privateKeyPem", required = true)
    private Output<String> privateKeyPem;

    @Import(name = "validityPeriodHours", required = true)
    private Output<Integer> validityPeriodHours;

    @Import(name = "allowedUses", required = true)
    private Output<List<String>> allowedUses;

    @Import(name = "earlyRenewalHours")
    private @Nullable Output<Integer> earlyRenewalHours;

    @Import(name = "dnsNames")
    private @Nullable Output<List<String>> dnsNames;

    @Import(name = "subject")
    private @Nullable Output<SelfSignedCertSubjectArgs> subject;

    private SelfSignedCertArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final SelfSignedCertArgs args = new SelfSignedCertArgs();

        /** Always sent as a secret, whatever the caller passes. */
        public Builder privateKeyPem(Output<String> privateKeyPem) {
            args.privateKeyPem = Objects.requireNonNull(privateKeyPem, "privateKeyPem").asSecret();
            return this;
        }

        public Builder validityPeriodHours(int hours) {
            args.validityPeriodHours = Output.of(hours);
            return this;
        }

        /** RFC 5280 usages as the provider spells them: {@code server_auth}, {@code digital_signature}, ... */
        public Builder allowedUses(List<String> uses) {
            args.allowedUses = Output.of(List.copyOf(uses));
            return this;
        }

        public Builder earlyRenewalHours(int hours) {
            args.earlyRenewalHours = Output.of(hours);
            return this;
        }

        public Builder dnsNames(List<String> dnsNames) {
            args.dnsNames = Output.of(List.copyOf(dnsNames));
            return this;
        }

        public Builder subject(SelfSignedCertSubjectArgs subject) {
            args.subject = Output.of(Objects.requireNonNull(subject, "subject"));
            return this;
        }

        public SelfSignedCertArgs build() {
            Objects.requireNonNull(args.privateKeyPem, "privateKeyPem is required");
            Objects.requireNonNull(args.validityPeriodHours, "validityPeriodHours is required");
            Objects.requireNonNull(args.allowedUses, "allowedUses is required");
            return args;
        }
    }
}
