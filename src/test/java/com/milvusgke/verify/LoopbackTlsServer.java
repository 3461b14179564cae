package com.milvusgke.verify;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TLS server on 127.0.0.1 (ephemeral port) that completes handshakes with the given certificate and ALPN
 * protocols, then reads and discards until the client goes away: TLS and HTTP/2 in ALPN, but not Milvus.
 */
final class LoopbackTlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final String httpAnswer;
    private final java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    LoopbackTlsServer(TestCertificates certificates, List<String> alpn) throws Exception {
        this(certificates, alpn, null);
    }

    /** As above; a client that negotiates http/1.1 gets {@code httpAnswer} (status line to body) to its request. */
    LoopbackTlsServer(TestCertificates certificates, List<String> alpn, String httpAnswer) throws Exception {
        this.httpAnswer = httpAnswer;
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(certificates.load(), certificates.password());
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        var parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        socket.setSSLParameters(parameters);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var acceptor = new Thread(this::acceptLoop, "loopback-tls-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The HTTP requests (request line and headers) answered so far. */
    List<String> requests() {
        return requests;
    }

    /**
     * Handshakes the server completed, once {@code expected} are counted or {@code limit} has passed: the server
     * counts on its own thread, which may finish after the client has moved on.
     */
    int handshakes(int expected, java.time.Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (handshakes.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return handshakes.get();
    }

    /** Handshakes the server completed so far. */
    int handshakes() {
        return handshakes.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                var client = (SSLSocket) socket.accept();
                var handler = new Thread(() -> serve(client), "loopback-tls-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket client) {
        try (client) {
            client.setSoTimeout(30_000);
            client.startHandshake();
            handshakes.incrementAndGet();
            var in = client.getInputStream();
            if (httpAnswer != null && "http/1.1".equals(client.getApplicationProtocol())) {
                var head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                requests.add(head.toString());
                var out = client.getOutputStream();
                out.write(httpAnswer.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            var buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // not Milvus: never answers
            }
        } catch (SocketException e) {
            // client went away
        } catch (IOException e) {
            // failed handshake (the client rejected us, or we refused its ALPN) or timeout
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
