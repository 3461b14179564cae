package com.milvusgke.k8s;

import com.google.gson.JsonParser;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link KubeApi} over HTTPS, authenticated as a {@link Kubeconfig} says (token, client certificate or exec plugin),
 * asking again as a {@link RetryPolicy} says when the API server is busy or unreachable for a while.
 *
 * <p>Plain blocking {@link HttpsURLConnection}s rather than {@code java.net.http.HttpClient}: the latter keeps a
 * selector thread blocked in native code for the rest of the JVM's life, and the JVM waits about 300 ms for such
 * threads when it exits, on every preview and up.
 */
public final class HttpKubeApi implements KubeApi {
    private static final int TIMEOUT_MILLIS = 20_000;

    private final SSLSocketFactory sockets;
    private final boolean insecure;
    private final String server;
    private final Optional<String> token;
    private final RetryPolicy retries;
    /** When this client stops asking again: {@link RetryPolicy#total()} after it was made, for all its requests. */
    private final long deadline;

    private HttpKubeApi(SSLSocketFactory sockets, boolean insecure, String server, Optional<String> token, RetryPolicy retries) {
        this.sockets = sockets;
        this.retries = retries;
        this.deadline = retries.deadline();
        this.insecure = insecure;
        this.server = server.replaceAll("/+$", "");
        this.token = token;
    }

    public static HttpKubeApi connect(Kubeconfig config) throws IOException {
        return connect(config, RetryPolicy.standard());
    }

    /** @param retries which failed requests are tried again, and for how long ({@link RetryPolicy#standard()}) */
    public static HttpKubeApi connect(Kubeconfig config, RetryPolicy retries) throws IOException {
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
            return new HttpKubeApi(ssl.getSocketFactory(), config.insecure(), config.server(), token, retries);
        } catch (GeneralSecurityException e) {
            throw new IOException("the kubeconfig's certificates or key cannot be used: " + e.getMessage());
        }
    }

    @Override
    public Response get(String path) throws IOException {
        return retries.run(server, "GET " + path, deadline, timeout -> once(path, timeout));
    }

    private RetryPolicy.Answer once(String path, Duration timeout) throws IOException {
        try {
            var connection = (HttpURLConnection) URI.create(server + path).toURL().openConnection();
            if (connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(sockets);
                if (insecure) {
                    https.setHostnameVerifier((host, session) -> true);
                }
            }
            connection.setInstanceFollowRedirects(false);   // the credentials are for this server only
            int millis = (int) Math.min(TIMEOUT_MILLIS, Math.max(1, timeout.toMillis()));
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setRequestProperty("Accept", "application/json");
            if (token.isPresent()) {
                connection.setRequestProperty("Authorization", "Bearer " + token.get());
            }
            int status = connection.getResponseCode();
            var body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            try (var in = body) {
                return new RetryPolicy.Answer(new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8)),
                        Optional.ofNullable(connection.getHeaderField("Retry-After")));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private static javax.net.ssl.KeyManager[] keyManagers(Optional<String> certPem, Optional<String> keyPem)
            throws GeneralSecurityException, IOException {
        if (certPem.isEmpty() || keyPem.isEmpty()) {
            return null;
        }
        var chain = certificates(certPem.get()).toArray(X509Certificate[]::new);
        return new javax.net.ssl.KeyManager[]{new ClientKey(chain, PemKeys.privateKey(keyPem.get()))};
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

    /**
     * The kubeconfig's client certificate and key, offered to the API server as they are. (A PKCS#12 KeyStore and a
     * KeyManagerFactory would do the same after encrypting and decrypting the key with 10,000 rounds of PBKDF2 each,
     * about 0.2 s of a preview's start.)
     */
    private static final class ClientKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final X509Certificate[] chain;
        private final PrivateKey key;

        ClientKey(X509Certificate[] chain, PrivateKey key) {
            this.chain = chain.clone();
            this.key = key;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[]{ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
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
