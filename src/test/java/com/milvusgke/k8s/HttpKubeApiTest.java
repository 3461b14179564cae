package com.milvusgke.k8s;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster check's client against an HTTPS server that checks what an API server checks: its own certificate
 * from the kubeconfig's CA, the client certificate or the bearer token. Keys and certificates are openssl's.
 */
class HttpKubeApiTest {
    @TempDir
    static Path pki;
    private static HttpsServer server;
    /** What the server saw, by request path: the client certificate's subject and the Authorization header. */
    private static final Map<String, String> seen = new ConcurrentHashMap<>();

    private static void openssl(String... args) throws Exception {
        var command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    @BeforeAll
    static void startServer() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=test-ca", "-days", "1", "-keyout", "ca.key", "-out", "ca.crt");
        Files.writeString(pki.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=kube-apiserver", "-keyout", "server.key", "-out", "server.csr");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1",
                "-extfile", "server.ext", "-out", "server.crt");
        openssl("pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-passout", "pass:test", "-out", "server.p12");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client.key");   // SEC1, as kubeadm writes
        openssl("req", "-new", "-key", "client.key", "-subj", "/O=system:masters/CN=admin", "-out", "client.csr");
        openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1", "-out", "client.crt");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=other-ca", "-days", "1", "-keyout", "other.key", "-out", "other.crt");

        var keys = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(pki.resolve("server.p12").toFile())) {
            keys.load(in, "test".toCharArray());
        }
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "test".toCharArray());
        var trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = new FileInputStream(pki.resolve("ca.crt").toFile())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        var ssl = SSLContext.getInstance("TLS");
        ssl.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                params.setWantClientAuth(true);   // a token or a client certificate, as an API server takes either
            }
        });
        server.createContext("/", exchange -> {
            var path = exchange.getRequestURI().getPath();
            String subject = "none";
            try {
                var peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
                subject = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                // no client certificate
            }
            seen.put(path, subject + " | " + exchange.getRequestHeaders().getFirst("Authorization"));
            int status = 200;
            var body = "{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"}}";
            if (path.equals("/elsewhere")) {
                status = 302;
                exchange.getResponseHeaders().add("Location", "https://127.0.0.1:" + server.getAddress().getPort() + "/followed");
                body = "";
            } else if (path.startsWith("/missing")) {
                status = 404;
                body = "{\"kind\":\"Status\",\"reason\":\"NotFound\"}";
            }
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static String b64(String file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(pki.resolve(file)));
    }

    private static Kubeconfig kubeconfig(String ca, String user) throws IOException {
        return Kubeconfig.parse("""
                apiVersion: v1
                kind: Config
                current-context: test
                contexts:
                - name: test
                  context: {cluster: test, user: test}
                clusters:
                - name: test
                  cluster: {server: "https://127.0.0.1:%d", certificate-authority-data: %s}
                users:
                - name: test
                  user: %s
                """.formatted(server.getAddress().getPort(), b64(ca), user), null);
    }

    @Test
    void aClientCertificateKubeconfigIsAuthenticatedByItsCertificate() throws Exception {
        var api = HttpKubeApi.connect(kubeconfig("ca.crt",
                "{client-certificate-data: " + b64("client.crt") + ", client-key-data: " + b64("client.key") + "}"));

        var response = api.get("/api/v1/namespaces/default");

        assertEquals(200, response.status());
        assertTrue(response.body().contains("\"name\":\"default\""), response.body());
        assertEquals("CN=admin,O=system:masters | null", seen.get("/api/v1/namespaces/default"));
    }

    @Test
    void aTokenKubeconfigSendsTheBearerToken() throws Exception {
        var api = HttpKubeApi.connect(kubeconfig("ca.crt", "{token: s3cr3t-token}"));

        assertEquals(200, api.get("/api/v1/namespaces/token-ns").status());
        assertEquals("none | Bearer s3cr3t-token", seen.get("/api/v1/namespaces/token-ns"));
    }

    @Test
    void anErrorStatusComesBackWithItsBody() throws Exception {
        var api = HttpKubeApi.connect(kubeconfig("ca.crt", "{token: t}"));

        var response = api.get("/missing/thing");

        assertEquals(404, response.status());
        assertTrue(response.body().contains("NotFound"), response.body());
    }

    @Test
    void aRedirectIsNotFollowedWithTheCredentials() throws Exception {
        var api = HttpKubeApi.connect(kubeconfig("ca.crt", "{token: t}"));

        assertEquals(302, api.get("/elsewhere").status());
        assertFalse(seen.containsKey("/followed"), "the client followed the redirect with the token");
    }

    @Test
    void aServerTheKubeconfigsCaDidNotSignIsNotTalkedTo() throws Exception {
        var api = HttpKubeApi.connect(kubeconfig("other.crt", "{token: leaked-if-sent}"));

        var e = assertThrows(IOException.class, () -> api.get("/api/v1/namespaces/untrusted"));
        assertTrue(e.getMessage().startsWith("cannot reach the API server https://127.0.0.1:"), e.getMessage());
        assertFalse(seen.containsKey("/api/v1/namespaces/untrusted"));
    }
}
