package com.milvusgke.k8s;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLHandshakeException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which answers of the API server the cluster check asks again for, how long it waits between tries, and that it
 * gives up within its bound naming the server and the last answer. Time is a fake clock that the pauses and the
 * tries advance, so the bound is checked exactly and the tests take no time.
 */
class RetryPolicyTest {
    private static final String SERVER = "https://203.0.113.5:443";
    /** The deadline of a client that starts at the fake clock's time: the tests' policies allow 60 s in all. */
    private static final long MINUTE = Duration.ofSeconds(60).toNanos();

    /** A fake clock: each pause advances it by its length, each try by {@code tryTakes}. */
    private static final class FakeTime {
        long nanos = 1_000_000_000L;
        final List<Duration> pauses = new ArrayList<>();
        final List<Duration> timeouts = new ArrayList<>();

        RetryPolicy policy(Duration first, Duration max, Duration total) {
            return new RetryPolicy(first, max, total, () -> nanos, pause -> {
                pauses.add(pause);
                nanos += pause.toNanos();
            });
        }
    }

    private interface Step {
        RetryPolicy.Answer next() throws IOException;
    }

    /** An attempt that plays the given steps in turn (the last one again when they run out). */
    private static RetryPolicy.Attempt script(FakeTime time, Duration tryTakes, List<Step> steps) {
        var queue = new ArrayDeque<>(steps);
        return timeout -> {
            time.timeouts.add(timeout);
            time.nanos += tryTakes.toNanos();
            var step = queue.size() > 1 ? queue.poll() : queue.peek();
            return step.next();
        };
    }

    private static Step answer(int status, String body) {
        return () -> new RetryPolicy.Answer(new KubeApi.Response(status, body), Optional.empty());
    }

    private static Step answer(int status, String body, String retryAfter) {
        return () -> new RetryPolicy.Answer(new KubeApi.Response(status, body), Optional.of(retryAfter));
    }

    private static Step failure(IOException e) {
        return () -> {
            throw e;
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504})
    void busyAnswersAreAskedAgainUntilOneIsUsable(int status) throws IOException {
        var time = new FakeTime();
        var response = time.policy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60))
                .run(SERVER, "GET /api/v1/namespaces/milvus", time.nanos + MINUTE, script(time, Duration.ZERO,
                        List.of(answer(status, "busy"), answer(status, "busy"), answer(200, "{}"))));
        assertEquals(200, response.status());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), time.pauses);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 401, 403, 404, 409, 501})
    void otherAnswersAreReturnedAtOnce(int status) throws IOException {
        var time = new FakeTime();
        var response = time.policy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60))
                .run(SERVER, "GET /x", time.nanos + MINUTE, script(time, Duration.ZERO, List.of(answer(status, "as it is"), answer(200, "{}"))));
        assertEquals(status, response.status());
        assertEquals("as it is", response.body());
        assertEquals(List.of(), time.pauses);
    }

    @Test
    void refusedResetClosedAndSlowConnectionsAreTriedAgain() throws IOException {
        var time = new FakeTime();
        var response = time.policy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60)).run(SERVER, "GET /x", time.nanos + MINUTE,
                script(time, Duration.ZERO, List.of(
                        failure(new ConnectException("Connection refused")),
                        failure(new SocketException("Connection reset")),
                        failure(new SSLHandshakeException("Remote host terminated the handshake") {{
                            initCause(new EOFException("SSL peer shut down incorrectly"));
                        }}),
                        failure(new SocketTimeoutException("Read timed out")),
                        answer(200, "{}"))));
        assertEquals(200, response.status());
        assertEquals(4, time.pauses.size());
    }

    @Test
    void aCertificateTheKubeconfigDoesNotTrustIsNotTriedAgain() {
        var time = new FakeTime();
        var untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertificateException("unable to find valid certification path"));
        var e = assertThrows(IOException.class, () -> time.policy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60))
                .run(SERVER, "GET /x", time.nanos + MINUTE, script(time, Duration.ZERO, List.of(failure(untrusted), answer(200, "{}")))));
        assertEquals("cannot reach the API server " + SERVER + ": PKIX path building failed", e.getMessage());
        assertEquals(List.of(), time.pauses);
    }

    @Test
    void anUnknownHostOrOtherFailureIsNotTriedAgain() {
        var time = new FakeTime();
        assertThrows(IOException.class, () -> time.policy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60))
                .run(SERVER, "GET /x", time.nanos + MINUTE, script(time, Duration.ZERO,
                        List.of(failure(new java.net.UnknownHostException("no-such-cluster.example")), answer(200, "{}")))));
        assertEquals(List.of(), time.pauses);
    }

    @Test
    void retryAfterInSecondsIsHonouredOtherwiseTheBackoffDoubles() throws IOException {
        var time = new FakeTime();
        time.policy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60)).run(SERVER, "GET /x", time.nanos + MINUTE,
                script(time, Duration.ZERO, List.of(
                        answer(429, "too many requests", "7"),
                        answer(503, "unavailable"),
                        answer(429, "too many requests", "Fri, 04 Dec 2026 20:00:00 GMT"),   // a date: the backoff
                        answer(502, "bad gateway"),
                        answer(504, "timeout"),
                        answer(500, "error"),
                        answer(200, "{}"))));
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofSeconds(5)), time.pauses);
    }

    @Test
    void givesUpWithinTheTotalNamingTheServerTheRequestAndTheLastAnswer() {
        var time = new FakeTime();
        long start = time.nanos;
        var e = assertThrows(IOException.class, () -> time.policy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60))
                .run(SERVER, "GET /api/v1/namespaces/milvus", time.nanos + MINUTE, script(time, Duration.ofMillis(300), List.of(
                        failure(new ConnectException("Connection refused")),
                        answer(503, "{\"kind\":\"Status\",\"message\":\"the server is currently unable to handle the request\"}")))));
        var spent = Duration.ofNanos(time.nanos - start);
        assertTrue(spent.compareTo(Duration.ofSeconds(60)) <= 0, "took " + spent);
        assertTrue(spent.compareTo(Duration.ofSeconds(50)) >= 0, "gave up early, after " + spent);
        var message = e.getMessage();
        assertTrue(message.startsWith("cannot reach the API server " + SERVER + ": no usable answer to GET /api/v1/namespaces/milvus after "), message);
        assertTrue(message.endsWith("the last answer: 503 {\"kind\":\"Status\",\"message\":\"the server is currently unable to handle the request\"}"), message);
        // Each try may take only what is left of the total.
        for (int i = 1; i < time.timeouts.size(); i++) {
            assertTrue(time.timeouts.get(i).compareTo(time.timeouts.get(i - 1)) < 0, "timeouts " + time.timeouts);
        }
    }

    @Test
    void theTotalBoundsAllOfAClientsRequestsTogether() throws IOException {
        var time = new FakeTime();
        var policy = time.policy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60));
        long start = time.nanos;
        long deadline = policy.deadline();
        // The first request meets ten refused connections (37.5 s of pauses), then an answer.
        var first = new ArrayList<Step>();
        while (time.nanos - start < Duration.ofSeconds(50).toNanos()) {
            first.add(failure(new ConnectException("Connection refused")));
            time.nanos += Duration.ofSeconds(5).toNanos();
        }
        time.nanos = start;
        first.add(answer(200, "{}"));
        assertEquals(200, policy.run(SERVER, "GET /first", deadline, script(time, Duration.ZERO, first)).status());
        // The second has only what is left of the minute.
        var e = assertThrows(IOException.class, () -> policy.run(SERVER, "GET /second", deadline,
                script(time, Duration.ZERO, List.of(answer(503, "unavailable")))));
        assertTrue(time.nanos - start <= MINUTE, "took " + Duration.ofNanos(time.nanos - start));
        assertTrue(e.getMessage().contains("no usable answer to GET /second after "), e.getMessage());
        assertTrue(e.getMessage().contains("(the cluster check asks for at most 60 s in all)"), e.getMessage());
    }

    @Test
    void aRetryAfterBeyondTheTotalGivesUpAtOnce() {
        var time = new FakeTime();
        var e = assertThrows(IOException.class, () -> time.policy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60))
                .run(SERVER, "GET /x", time.nanos + MINUTE, script(time, Duration.ZERO, List.of(answer(429, "slow down", "120"), answer(200, "{}")))));
        assertTrue(e.getMessage().endsWith("the last answer: 429 slow down (Retry-After: 120 s)"), e.getMessage());
        assertEquals(List.of(), time.pauses);
    }

    @Test
    void theStandardPolicyIsBoundedToAMinute() {
        var standard = RetryPolicy.standard();
        assertEquals(Duration.ofSeconds(60), standard.total());
        assertEquals(Duration.ofMillis(500), standard.firstWait());
        assertEquals(Duration.ofSeconds(5), standard.maxWait());
    }

    /** The real client: an API server that answers 503, then 429 with Retry-After, then the object. */
    @Test
    void httpKubeApiAsksABusyServerAgain() throws Exception {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            int status = n == 1 ? 503 : n == 2 ? 429 : 200;
            if (n == 2) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            var body = (status == 200 ? "{\"kind\":\"Namespace\"}" : "busy").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var pauses = new ArrayList<Duration>();
            var policy = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10), System::nanoTime,
                    pause -> pauses.add(pause));
            var api = HttpKubeApi.connect(kubeconfig("http://127.0.0.1:" + server.getAddress().getPort()), policy);
            var response = api.get("/api/v1/namespaces/milvus");
            assertEquals(200, response.status());
            assertEquals(3, requests.get());
            assertEquals(List.of(Duration.ofMillis(10), Duration.ofSeconds(1)), pauses);
        } finally {
            server.stop(0);
        }
    }

    /** The real client against a port nothing listens on: refused every time, then the bounded error. */
    @Test
    void httpKubeApiGivesUpOnARefusingServerNamingIt() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var policy = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(300), System::nanoTime,
                pause -> Thread.sleep(pause.toMillis()));
        var api = HttpKubeApi.connect(kubeconfig("http://127.0.0.1:" + port), policy);
        long start = System.nanoTime();
        var e = assertThrows(IOException.class, () -> api.get("/api/v1/namespaces/milvus"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
        assertTrue(e.getMessage().startsWith("cannot reach the API server http://127.0.0.1:" + port
                + ": no usable answer to GET /api/v1/namespaces/milvus after "), e.getMessage());
        assertTrue(e.getMessage().contains("the last answer: Connection refused"), e.getMessage());
    }

    private static Kubeconfig kubeconfig(String server) throws IOException {
        return Kubeconfig.parse("""
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                users:
                - name: u
                  user:
                    token: t
                contexts:
                - name: x
                  context: {cluster: c, user: u}
                current-context: x
                """.formatted(server), null);
    }
}
