package com.milvusgke.stack;

import com.milvusgke.config.KeySpec;
import com.milvusgke.k8s.Placement;
import com.milvusgke.milvus.MilvusValues;
import com.milvusgke.tls.PrivateKey;
import com.milvusgke.tls.PrivateKeyArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import javax.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Milvus's {@code root} credentials: the password from config ({@code milvusRootPassword}), or one generated on the
 * first {@code up} and kept in the stack's state; stored in a Secret that Milvus reads root's first password from.
 * A Pulumi secret from config (or generation) to the Secret and the stack output; never in the Helm values.
 *
 * <p>Generation without a provider of random values (only the kubernetes, gcp and tls providers are used): a private
 * key of the tls provider, made for this purpose alone and used for nothing else, is 256 bits from the provider's
 * crypto/rand, and its state is a secret. The password is a one-way hash of it (SHA-256, labelled), so it is as secret
 * as the key, the same on every run (the key stays in the state), and new only if the key resource is replaced.
 */
public final class MilvusCredentials extends ComponentResource {
    /** The user Milvus creates at its first start, and the one the stack hands to clients. */
    public static final String ROOT_USER = "root";
    /** Separates this use of the key's entropy from any other. */
    private static final String DERIVATION_LABEL = "milvus-gke-l7 milvus root password v1\n";
    /** 24 bytes: 32 characters of URL-safe base64, 192 bits. */
    private static final int PASSWORD_BYTES = 24;

    private final Output<String> password;
    private final Secret secret;
    private final String secretName;

    public MilvusCredentials(String name, Args args, @Nullable ComponentResourceOptions options) {
        super("milvusgke:stack:MilvusCredentials", name, options);
        this.password = args.password.orElseGet(() -> {
            var seed = new PrivateKey(name + "-seed", PrivateKeyArgs.builder().algorithm(KeySpec.ECDSA).ecdsaCurve("P256").build(),
                    CustomResourceOptions.builder().parent(this).build());
            return seed.privateKeyPem().applyValue(MilvusCredentials::derivePassword);
        }).asSecret();
        this.secretName = args.secretName;
        this.secret = new Secret(name + "-secret", SecretArgs.builder()
                .metadata(args.placement.metadata("Secret", args.secretName))
                .type("Opaque")
                .stringData(password.applyValue(p -> Map.of("username", ROOT_USER, MilvusValues.ROOT_PASSWORD_KEY, p)).asSecret())
                .build(),
                // A release the stack does not uninstall keeps reading root's password from it.
                args.placement.options(this, "Secret", args.secretName)
                        .retainOnDelete(args.placement.keeps("Secret", args.secretName) || args.keepOnDestroy).build());
        registerOutputs(Map.of("secretName", Output.of(secretName)));
    }

    /** Root's password, a Pulumi secret. */
    public Output<String> password() {
        return password;
    }

    public Secret secret() {
        return secret;
    }

    public String secretName() {
        return secretName;
    }

    /** The generated password: URL-safe base64 (no ':', which separates user and password in Milvus's tokens). */
    static String derivePassword(String seedPem) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest((DERIVATION_LABEL + seedPem).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, PASSWORD_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * @param password      root's password from config (a secret); empty: generate one
     * @param secretName    the Secret that holds it
     * @param placement     its namespace, labels and provider
     * @param keepOnDestroy leave the Secret on destroy: a release the stack does not uninstall still refers to it
     */
    public record Args(Optional<Output<String>> password, String secretName, Placement placement, boolean keepOnDestroy) {
        public Args {
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(secretName, "secretName");
            Objects.requireNonNull(placement, "placement");
        }
    }
}
