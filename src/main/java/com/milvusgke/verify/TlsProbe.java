package com.milvusgke.verify;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Connects to the load balancer and shakes hands the way a gRPC client does: SNI set to the domain, the chain
 * and the host name checked (endpoint identification "HTTPS"), ALPN offering what the caller asks for.
 */
public final class TlsProbe {
    /** What a completed handshake negotiated. {@code applicationProtocol} is empty when the server chose none. */
    public record Session(String protocol, String cipherSuite, String applicationProtocol, X509Certificate leaf) {
        /** One line about the server's certificate; never the certificate itself. */
        public String certificateSummary() {
            return leaf.getSubjectX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant()
                    + ", SHA-256 " + fingerprint(leaf);
        }
    }

    /** The TLS handshake failed (certificate, host name, protocol, or no TLS answer in time). */
    public static final class HandshakeException extends Exception {
        public HandshakeException(String message, Throwable cause) {
            super(message, cause);
        }

        /** The server refused every protocol the client offered in ALPN (TLS alert no_application_protocol). */
        public boolean alpnRejected() {
            for (Throwable t = this; t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().contains("no_application_protocol")) {
                    return true;
                }
            }
            return false;
        }
    }

    private final SSLContext context;
    private final Duration timeout;

    public TlsProbe(SSLContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    /** Trusts exactly the certificates in {@code pem} (self-managed mode), nothing from the JVM's store. */
    public static SSLContext trusting(String pem) throws GeneralSecurityException, IOException {
        var certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the PEM");
        }
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("stack-certificate-" + i++, certificate);
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Trusts the JVM's default CA store (google-managed mode: a publicly trusted certificate). */
    public static SSLContext trustingDefaultStore() throws GeneralSecurityException {
        var context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        return context;
    }

    /** Opens a TCP connection; an {@link IOException} here means the address is not reachable. */
    public Socket connect(InetSocketAddress address) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(address, millis());
            socket.setSoTimeout(millis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Shakes hands over {@code socket} (closed afterwards) as {@code serverName}, offering {@code alpn}. */
    public Session handshake(Socket socket, String serverName, List<String> alpn) throws HandshakeException {
        try (var tls = (SSLSocket) context.getSocketFactory().createSocket(socket, serverName, socket.getPort(), true)) {
            var parameters = tls.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(alpn.toArray(String[]::new));
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            var session = tls.getSession();
            var protocol = tls.getApplicationProtocol();
            return new Session(session.getProtocol(), session.getCipherSuite(), protocol == null ? "" : protocol,
                    (X509Certificate) session.getPeerCertificates()[0]);
        } catch (java.net.SocketTimeoutException e) {
            throw new HandshakeException("no TLS answer within " + timeout.toSeconds() + "s", e);
        } catch (IOException | RuntimeException e) {
            throw new HandshakeException(describe(e), e);
        }
    }

    /** An HTTP answer: status code and body. */
    public record HttpAnswer(int status, String body) {
    }

    /**
     * One HTTP/1.1 POST over TLS as {@code serverName} (SNI, host name check, Host header), on {@code socket}, which
     * is closed afterwards: Milvus's RESTful API through the load balancer.
     */
    public HttpAnswer post(Socket socket, String serverName, String path, String jsonBody) throws IOException {
        return post(socket, serverName, path, jsonBody, java.util.Optional.empty());
    }

    /** As above, with an {@code Authorization} header (Milvus's {@code Bearer user:password}), never logged. */
    public HttpAnswer post(Socket socket, String serverName, String path, String jsonBody, java.util.Optional<String> authorization)
            throws IOException {
        try (var tls = (SSLSocket) context.getSocketFactory().createSocket(socket, serverName, socket.getPort(), true)) {
            var parameters = tls.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(new String[]{"http/1.1"});
            tls.setSSLParameters(parameters);
            var body = jsonBody.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var request = "POST " + path + " HTTP/1.1\r\nHost: " + serverName + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json\r\n" + authorization.map(a -> "Authorization: " + a + "\r\n").orElse("")
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            var output = tls.getOutputStream();
            output.write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            output.write(body);
            output.flush();
            var response = new String(tls.getInputStream().readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8);
            var statusLine = response.lines().findFirst().orElse("");
            var matcher = java.util.regex.Pattern.compile("HTTP/1\\.[01] (\\d{3}).*").matcher(statusLine);
            if (!matcher.matches()) {
                throw new IOException("not an HTTP answer: " + (statusLine.isEmpty() ? "(empty)" : statusLine));
            }
            int split = response.indexOf("\r\n\r\n");
            return new HttpAnswer(Integer.parseInt(matcher.group(1)), split < 0 ? "" : response.substring(split + 4));
        }
    }

    /** The most specific reason in a handshake failure, e.g. the certificate or host name check that failed. */
    static String describe(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                deepest = t;
            }
        }
        var top = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        var root = deepest.getMessage() == null ? "" : deepest.getMessage();
        var text = top.contains(root) ? top : top + " (" + root + ")";
        return text.lines().findFirst().orElse(text);
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            return "unavailable";
        }
    }

    private int millis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }
}
