package com.milvusgke.verify;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The real check, through the official Milvus Java SDK (v2 client): connect, {@code getServerVersion()},
 * {@code checkHealth()}. gRPC over TLS with the same server name and trust as {@link TlsProbe}.
 *
 * <p>The SDK takes the certificates to trust as a PEM file ({@code serverPemPath}); that is also the only one of
 * its TLS paths (in 2.6.22) that applies {@code serverName} as the gRPC authority (SNI and host name check) and
 * works: its {@code sslContext} path fails before connecting, and its default path ignores {@code serverName}.
 * So the PEM is written to a temporary file, deleted afterwards: in self-managed mode the stack's certificate; in
 * google-managed mode, when the connection goes to an address rather than to the domain, the JVM's default
 * trusted CAs. In google-managed mode through the domain itself the SDK's default TLS is used as is.
 */
public final class SdkMilvusProbe implements MilvusProbe {
    private final Optional<Path> pemDirectory;

    /** PEM files go to the system's temporary directory. */
    public SdkMilvusProbe() {
        this.pemDirectory = Optional.empty();
    }

    /** PEM files go to {@code pemDirectory} (tests give each probe its own, to see that nothing is left there). */
    SdkMilvusProbe(Path pemDirectory) {
        this.pemDirectory = Optional.of(pemDirectory);
    }

    @Override
    public Status check(Target target) throws Exception {
        long millis = Math.max(1, target.timeout().toMillis());
        var config = ConnectConfig.builder()
                .uri(target.uri())
                .secure(true)
                .serverName(target.serverName())
                .connectTimeoutMs(millis)
                .rpcDeadlineMs(millis);
        target.credentials().ifPresent(c -> config.username(c.user()).password(c.password()));
        Path pemFile = null;
        try {
            var trusted = target.trustedPem().isPresent() ? target.trustedPem()
                    : target.viaAddress() ? Optional.of(defaultTrustedCasPem()) : Optional.<String>empty();
            if (trusted.isPresent()) {
                pemFile = pemDirectory.isPresent() ? Files.createTempFile(pemDirectory.get(), "milvus-verify-", ".pem")
                        : Files.createTempFile("milvus-verify-", ".pem");
                Files.writeString(pemFile, trusted.get(), StandardCharsets.US_ASCII);
                config.serverPemPath(pemFile.toString());
            }
            var client = new MilvusClientV2(config.build()); // connects (Connect RPC) or throws
            try {
                client.retryConfig(RetryConfig.builder().maxRetryTimes(1).build()); // one attempt per call
                var version = client.getServerVersion();
                var health = client.checkHealth();
                List<String> reasons = health.getReasons() == null ? List.of() : List.copyOf(health.getReasons());
                return new Status(version, Boolean.TRUE.equals(health.getIsHealthy()), reasons);
            } finally {
                client.close();
            }
        } finally {
            if (pemFile != null) {
                Files.deleteIfExists(pemFile);
            }
        }
    }

    /** The CAs the JVM trusts by default (its cacerts, or javax.net.ssl.trustStore if set), as one PEM bundle. */
    static String defaultTrustedCasPem() throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        var pem = new StringBuilder();
        var encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (var ca : x509.getAcceptedIssuers()) {
                    pem.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(ca.getEncoded()))
                            .append("\n-----END CERTIFICATE-----\n");
                }
            }
        }
        if (pem.isEmpty()) {
            throw new GeneralSecurityException("the JVM's default trust store has no CA certificates");
        }
        return pem.toString();
    }
}
