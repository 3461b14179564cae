package com.milvusgke.k8s;

import com.google.gson.JsonParser;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@link KubeApi} over HTTPS, authenticated as a {@link Kubeconfig} says (token, client certificate or exec plugin). */
public final class HttpKubeApi implements KubeApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client;
    private final String server;
    private final Optional<String> token;

    private HttpKubeApi(HttpClient client, String server, Optional<String> token) {
        this.client = client;
        this.server = server.replaceAll("/+$", "");
        this.token = token;
    }

    public static HttpKubeApi connect(Kubeconfig config) throws IOException {
        var token = config.token();
        var certPem = config.clientCertPem();
        var keyPem = config.clientKeyPem();
        if (config.exec().isPresent() && token.isEmpty() && certPem.isEmpty()) {
            var credential = ExecCredential.run(config.exec().get());
            token = credential.token();
            certPem = credential.clientCertPem();
            keyPem = credential.clientKeyPem();
        }
        try {
            var ssl = SSLContext.getInstance("TLS");
            ssl.init(keyManagers(certPem, keyPem), trustManagers(config), null);
            var client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(TIMEOUT).build();
            return new HttpKubeApi(client, config.server(), token);
        } catch (GeneralSecurityException e) {
            throw new IOException("the kubeconfig's certificates or key cannot be used: " + e.getMessage());
        }
    }

    @Override
    public Response get(String path) throws IOException {
        var request = HttpRequest.newBuilder(URI.create(server + path)).timeout(TIMEOUT).header("Accept", "application/json").GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException("cannot reach the API server " + server + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static javax.net.ssl.KeyManager[] keyManagers(Optional<String> certPem, Optional<String> keyPem)
            throws GeneralSecurityException, IOException {
        if (certPem.isEmpty() || keyPem.isEmpty()) {
            return null;
        }
        var chain = certificates(certPem.get()).toArray(Certificate[]::new);
        PrivateKey key = PemKeys.privateKey(keyPem.get());
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        var password = new char[0];
        store.setKeyEntry("client", key, password, chain);
        var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(Kubeconfig config) throws GeneralSecurityException, IOException {
        if (config.insecure()) {
            return new TrustManager[]{new TrustEverything()};
        }
        if (config.caPem().isEmpty()) {
            return null;   // the JVM's trust store, as kubectl uses the system's
        }
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (var certificate : certificates(config.caPem().get())) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static java.util.List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        var factory = CertificateFactory.getInstance("X.509");
        return factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(c -> (X509Certificate) c).toList();
    }

    /** {@code insecure-skip-tls-verify: true}: the kubeconfig says not to check the server. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** What an exec credential plugin prints: an ExecCredential whose status has a token or a client certificate. */
    record ExecCredential(Optional<String> token, Optional<String> clientCertPem, Optional<String> clientKeyPem) {
        static ExecCredential run(Kubeconfig.Exec exec) throws IOException {
            var process = new ProcessBuilder(exec.commandLine()).redirectError(ProcessBuilder.Redirect.DISCARD);
            process.environment().putAll(exec.env());
            process.environment().put("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"" + exec.apiVersion()
                    + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}");
            Process started;
            try {
                started = process.start();
            } catch (IOException e) {
                throw new IOException("the kubeconfig's exec plugin " + exec.commandLine().get(0) + " cannot be started: " + e.getMessage());
            }
            try {
                var output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!started.waitFor(60, TimeUnit.SECONDS) || started.exitValue() != 0) {
                    throw new IOException("the kubeconfig's exec plugin " + exec.commandLine().get(0) + " failed");
                }
                var status = JsonParser.parseString(output).getAsJsonObject().getAsJsonObject("status");
                return new ExecCredential(field(status, "token"), field(status, "clientCertificateData"), field(status, "clientKeyData"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } catch (RuntimeException e) {
                throw new IOException("the kubeconfig's exec plugin " + exec.commandLine().get(0) + " printed no ExecCredential");
            }
        }

        private static Optional<String> field(com.google.gson.JsonObject status, String name) {
            return status != null && status.has(name) ? Optional.of(status.get(name).getAsString()) : Optional.empty();
        }
    }
}
