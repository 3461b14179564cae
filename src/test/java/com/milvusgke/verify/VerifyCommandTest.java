package com.milvusgke.verify;

import com.google.gson.Gson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verify command against TLS servers on 127.0.0.1 with certificates made here by keytool. The domain
 * {@code milvus.test} never resolves (RFC 2606), so DNS warns and the checks go to {@code --address 127.0.0.1};
 * the static IPs in the outputs are documentation addresses that no test connects to.
 */
class VerifyCommandTest {
    static final String DOMAIN = "milvus.test";
    static final String UNUSED_STATIC_IP = "198.51.100.7"; // RFC 5737 TEST-NET-2: not the plan's placeholder

    @TempDir
    static Path dir;
    static TestCertificates milvusCert;
    static TestCertificates otherCert;

    @BeforeAll
    static void certificates() throws Exception {
        milvusCert = TestCertificates.generate(dir, "milvus", DOMAIN, "localhost");
        otherCert = TestCertificates.generate(dir, "other", "other.test");
    }

    record Run(int exit, String out, String err, Duration took) {
        List<String> lines() {
            return out.lines().toList();
        }

        String line(String prefix) {
            return lines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + out + err));
        }
    }

    /** Records what it was asked and answers as told. */
    static final class FakeProbe implements MilvusProbe {
        final List<Target> targets = new ArrayList<>();
        final Status status;
        final Exception failure;

        FakeProbe(Status status, Exception failure) {
            this.status = status;
            this.failure = failure;
        }

        static FakeProbe healthy() {
            return new FakeProbe(new Status("v2.5.4", true, List.of()), null);
        }

        @Override
        public Status check(Target target) throws Exception {
            targets.add(target);
            if (failure != null) {
                throw failure;
            }
            return status;
        }
    }

    static String outputs(String domain, Object port, String staticIp, String mode, String pem) {
        var map = new LinkedHashMap<String, Object>();
        map.put("domain", domain);
        map.put("endpoint", domain + ":" + port);
        map.put("port", port);
        map.put("staticIpAddress", staticIp);
        map.put("certificateMode", mode);
        map.put("certificatePem", pem);
        map.put("namespace", "milvus");
        return new Gson().toJson(map);
    }

    static String selfManaged(String domain, int port, TestCertificates trusted) {
        return outputs(domain, port, UNUSED_STATIC_IP, "self-managed", trusted.pem());
    }

    static Run run(MilvusProbe probe, String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = VerifyCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), probe);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    static final String[] VIA_LOOPBACK = {"--address", "127.0.0.1", "--timeout-seconds", "3"};

    @Test
    void selfManagedStackWithH2PassesWithADnsWarningAndChecksTheAddressAsTheDomain() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var probe = FakeProbe.healthy();
            var result = run(probe, selfManaged(DOMAIN, server.port(), milvusCert), VIA_LOOPBACK);

            var where = "127.0.0.1:" + server.port();
            assertEquals(0, result.exit(), result.out() + result.err());
            assertEquals(List.of(
                    "Verifying milvus.test:" + server.port() + " (self-managed certificate, trusting only the stack's certificatePem)",
                    "[warn] dns: milvus.test does not resolve; create the record \"milvus.test. A 198.51.100.7\"; "
                            + "checking 127.0.0.1 (--address) directly, as milvus.test",
                    "[ok] tcp: connected to " + where,
                    result.line("[ok] tls: "),
                    "[ok] alpn: offered h2, the server selected h2",
                    "[ok] milvus: https://" + where + " via 127.0.0.1 (server name milvus.test): server version v2.5.4, checkHealth: healthy",
                    "verify: OK (1 warning)"), result.lines());
            assertTrue(result.line("[ok] tls: ").matches("\\[ok] tls: TLSv1\\.[23] with " + where + " as milvus\\.test: chain and host "
                    + "name verified; certificate CN=milvus\\.test, valid until \\S+, SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}"), result.line("[ok] tls: "));
            assertEquals("", result.err());
            assertEquals(1, server.handshakes(1, Duration.ofSeconds(5)));
            assertEquals(List.of(new MilvusProbe.Target("127.0.0.1", server.port(), DOMAIN, Optional.of(milvusCert.pem()),
                    Duration.ofSeconds(3))), probe.targets);
            assertNoCertificateIn(result.out());
        }
    }

    @Test
    void outputsAreReadFromAFileToo() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var file = dir.resolve("outputs.json");
            Files.writeString(file, selfManaged(DOMAIN, server.port(), milvusCert));
            var result = run(FakeProbe.healthy(), "not read", "--outputs", file.toString(), "--address", "127.0.0.1", "--skip-milvus");
            assertEquals(0, result.exit(), result.out() + result.err());
            assertEquals("[skip] milvus: not run: --skip-milvus", result.line("[skip] milvus"));
            assertEquals("verify: OK (1 warning)", result.line("verify:"));
        }
    }

    @Test
    void domainThatResolvesToTheStaticIpIsUsedAsIsWithoutAddress() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var probe = FakeProbe.healthy();
            var result = run(probe, outputs("localhost", server.port(), "127.0.0.1", "self-managed", milvusCert.pem()),
                    "--timeout-seconds", "3");
            assertEquals(0, result.exit(), result.out() + result.err());
            assertEquals("[ok] dns: localhost resolves to 127.0.0.1", result.line("[ok] dns"));
            assertEquals("[ok] milvus: https://localhost:" + server.port() + ": server version v2.5.4, checkHealth: healthy",
                    result.line("[ok] milvus"));
            assertEquals("verify: OK", result.line("verify:"));
            assertFalse(probe.targets.get(0).viaAddress());
        }
    }

    @Test
    void domainResolvingElsewhereWarnsWithTheRecordToFix() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var result = run(FakeProbe.healthy(), outputs("localhost", server.port(), "192.0.2.1", "self-managed", milvusCert.pem()),
                    "--address", "127.0.0.1", "--timeout-seconds", "3");
            assertEquals(0, result.exit(), result.out() + result.err());
            assertTrue(result.line("[warn] dns").matches("\\[warn] dns: localhost resolves to .*127\\.0\\.0\\.1.*, not 192\\.0\\.2\\.1; "
                    + "point the record at the stack: \"localhost\\. A 192\\.0\\.2\\.1\"; checking 127\\.0\\.0\\.1 \\(--address\\) directly, as localhost"),
                    result.line("[warn] dns"));
        }
    }

    @Test
    void wrongServerNameFailsTlsWithExit4AndSkipsTheRest() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var probe = FakeProbe.healthy();
            // the right certificate, but the outputs name another domain than the one it was issued for
            var result = run(probe, selfManaged("wrong.test", server.port(), milvusCert), VIA_LOOPBACK);
            assertEquals(4, result.exit(), result.out() + result.err());
            assertTrue(result.line("[fail] tls").startsWith("[fail] tls: handshake with 127.0.0.1:" + server.port() + " as wrong.test failed: "),
                    result.out());
            assertTrue(result.line("[fail] tls").contains("No subject alternative DNS name matching wrong.test found"), result.out());
            assertEquals("[skip] alpn: not run: tls failed", result.line("[skip] alpn"));
            assertEquals("[skip] milvus: not run: tls failed", result.line("[skip] milvus"));
            assertEquals("verify: FAILED at tls (exit 4)", result.line("verify:"));
            assertTrue(probe.targets.isEmpty());
        }
    }

    @Test
    void certificatePemOfAnotherCertificateFailsTlsWithExit4() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var result = run(FakeProbe.healthy(), selfManaged(DOMAIN, server.port(), otherCert), VIA_LOOPBACK);
            assertEquals(4, result.exit(), result.out() + result.err());
            assertTrue(result.line("[fail] tls").contains("unable to find valid certification path"), result.out());
            assertEquals("verify: FAILED at tls (exit 4)", result.line("verify:"));
        }
    }

    @Test
    void googleManagedModeTrustsTheJvmStoreNotTheSelfSignedPem() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            // certificatePem is ignored in google-managed mode even when it holds the server's certificate
            var result = run(FakeProbe.healthy(), outputs(DOMAIN, server.port(), UNUSED_STATIC_IP, "google-managed", milvusCert.pem()),
                    VIA_LOOPBACK);
            assertEquals(4, result.exit(), result.out() + result.err());
            assertTrue(result.lines().get(0).endsWith("(google-managed certificate, trusting the JVM's default CA store)"), result.out());
            assertTrue(result.line("[warn] dns").endsWith("as milvus.test (Google issues the managed certificate only once the "
                    + "record points at the stack)"), result.out());
            assertTrue(result.line("[fail] tls").contains("unable to find valid certification path"), result.out());
        }
    }

    static Stream<Object[]> serversWithoutH2() {
        return Stream.of(
                new Object[]{List.of("http/1.1"), "[fail] alpn: the server refused ALPN h2 (TLS alert no_application_protocol): "
                        + "gRPC needs HTTP/2 from the load balancer"},
                new Object[]{List.of(), "[fail] alpn: offered h2, the server selected no protocol: gRPC needs HTTP/2 from the load balancer"});
    }

    @ParameterizedTest
    @MethodSource("serversWithoutH2")
    void serverWithoutH2FailsAlpnWithExit4AfterAValidCertificate(List<String> serverProtocols, String expected) throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, serverProtocols)) {
            var probe = FakeProbe.healthy();
            var result = run(probe, selfManaged(DOMAIN, server.port(), milvusCert), VIA_LOOPBACK);
            assertEquals(4, result.exit(), result.out() + result.err());
            assertTrue(result.line("[ok] tls").contains("chain and host name verified"), result.out());
            assertEquals(expected, result.line("[fail] alpn"));
            assertEquals("[skip] milvus: not run: alpn failed", result.line("[skip] milvus"));
            assertEquals("verify: FAILED at alpn (exit 4)", result.line("verify:"));
            assertTrue(probe.targets.isEmpty());
        }
    }

    @Test
    void nothingListeningIsExit3() throws Exception {
        int port = freePort();
        var result = run(FakeProbe.healthy(), selfManaged(DOMAIN, port, milvusCert), "--address", "127.0.0.1", "--timeout-seconds", "2");
        assertEquals(3, result.exit(), result.out() + result.err());
        assertTrue(result.line("[fail] tcp").startsWith("[fail] tcp: cannot connect to 127.0.0.1:" + port + " within 2s: "), result.out());
        assertTrue(result.line("[fail] tcp").contains("Connection refused"), result.out());
        assertEquals("[skip] tls: not run: tcp failed", result.line("[skip] tls"));
        assertEquals("[skip] milvus: not run: tcp failed", result.line("[skip] milvus"));
        assertEquals("verify: FAILED at tcp (exit 3)", result.line("verify:"));
    }

    @Test
    void milvusFailuresAreExit5() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var json = selfManaged(DOMAIN, server.port(), milvusCert);
            var prefix = "[fail] milvus: https://127.0.0.1:" + server.port() + " via 127.0.0.1 (server name milvus.test): ";

            var failing = run(new FakeProbe(null, new IllegalStateException("UNAVAILABLE: io exception")), json, VIA_LOOPBACK);
            assertEquals(5, failing.exit(), failing.out());
            assertEquals(prefix + "the SDK call failed: UNAVAILABLE: io exception", failing.line("[fail] milvus"));
            assertEquals("verify: FAILED at milvus (exit 5)", failing.line("verify:"));

            var unhealthy = run(new FakeProbe(new MilvusProbe.Status("v2.4.1", false, List.of("querynode down", "quota exhausted")), null),
                    json, VIA_LOOPBACK);
            assertEquals(5, unhealthy.exit(), unhealthy.out());
            assertEquals(prefix + "server version v2.4.1, checkHealth: NOT healthy: querynode down; quota exhausted",
                    unhealthy.line("[fail] milvus"));
        }
    }

    @Test
    void aHangingMilvusCallIsCutAtThreeTimesTheTimeout() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            MilvusProbe hangs = target -> {
                Thread.sleep(60_000);
                return null;
            };
            var result = run(hangs, selfManaged(DOMAIN, server.port(), milvusCert), "--address", "127.0.0.1", "--timeout-seconds", "1");
            assertEquals(5, result.exit(), result.out());
            assertTrue(result.line("[fail] milvus").endsWith(": no answer within 3s"), result.out());
            assertTrue(result.took().compareTo(Duration.ofSeconds(6)) < 0, "took " + result.took());
        }
    }

    @Test
    void sdkFailuresAreShortenedToOneReadableLine() {
        var grpc = new RuntimeException("DEADLINE_EXCEEDED: deadline exceeded after 2.964447907s. Name resolution delay "
                + "0.002625706 seconds. [closed=[], open=[[wait_for_ready, buffered_nanos=2966273033, waiting_for_connection]]]");
        assertEquals("DEADLINE_EXCEEDED: deadline exceeded after 2.964447907s; no gRPC connection was established",
                MilvusCheck.sdkFailure(grpc));
        var wrapped = new IllegalStateException("Failed to initialize connection", new java.io.IOException("Connection reset"));
        assertEquals("Failed to initialize connection (Connection reset)", MilvusCheck.sdkFailure(wrapped));
    }

    static Stream<Object[]> badOutputs() {
        var pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        return Stream.of(
                new Object[]{"", "verify: no stack outputs given"},
                new Object[]{"{not json", "verify: stack outputs are not JSON (stopped at line 1, column 7): give what `pulumi stack"
                        + " output --json -s <stack>` prints (with --json: without it Pulumi prints a table)"},
                new Object[]{"[1, 2]", "verify: stack outputs must be a JSON object"},
                new Object[]{without(selfManagedMap(pem), "domain"), "verify: stack outputs: missing key domain"},
                new Object[]{without(selfManagedMap(pem), "port", "staticIpAddress"), "verify: stack outputs: missing keys port, staticIpAddress"},
                new Object[]{without(selfManagedMap(pem), "certificateMode"), "verify: stack outputs: missing key certificateMode"},
                new Object[]{without(selfManagedMap(pem), "certificatePem"), "verify: stack outputs: missing key certificatePem"},
                new Object[]{with(selfManagedMap(pem), m -> m.put("port", "443")), "verify: stack outputs: port must be a number from 1 to 65535, not \"443\""},
                new Object[]{with(selfManagedMap(pem), m -> m.put("port", 70000)), "verify: stack outputs: port must be a number from 1 to 65535"},
                new Object[]{with(selfManagedMap(pem), m -> m.put("domain", 42)), "verify: stack outputs: domain must be a string"},
                new Object[]{with(selfManagedMap(pem), m -> m.put("domain", "not a name")), "verify: stack outputs: domain 'not a name' is not a DNS name"},
                new Object[]{with(selfManagedMap(pem), m -> m.put("staticIpAddress", "milvus.example.com")),
                        "verify: stack outputs: staticIpAddress 'milvus.example.com' is not an IP address"},
                new Object[]{with(selfManagedMap(pem), m -> m.put("certificateMode", "letsencrypt")),
                        "verify: stack outputs: certificateMode 'letsencrypt' is neither self-managed nor google-managed"},
                new Object[]{with(selfManagedMap(pem), m -> m.put("certificatePem", "")),
                        "verify: stack outputs: certificatePem is empty, but certificateMode is self-managed"},
                new Object[]{with(selfManagedMap(pem), m -> m.put("certificatePem", "[secret]")),
                        "verify: stack outputs: certificatePem is redacted as [secret]: run `pulumi stack output --json --show-secrets`"},
                new Object[]{with(selfManagedMap(pem), m -> m.put("certificatePem", "hello")), "verify: stack outputs: certificatePem is not a PEM certificate"},
                new Object[]{selfManagedJson(pem), "verify: stack outputs: certificatePem is not a readable PEM certificate"});
    }

    @ParameterizedTest
    @MethodSource("badOutputs")
    void badOutputsAreExit2WithAMessageNamingTheProblem(String json, String expectedStart) {
        var result = run(FakeProbe.healthy(), json, "--outputs", "-");
        assertAll(
                () -> assertEquals(2, result.exit(), result.err()),
                () -> assertTrue(result.err().startsWith(expectedStart), "stderr was: " + result.err()),
                () -> assertEquals("", result.out(), "no step runs on bad input"));
    }

    @Test
    void googleManagedModeNeedsNoCertificatePem() throws Exception {
        var map = selfManagedMap("");
        map.put("certificateMode", "google-managed");
        map.put("port", freePort());
        map.remove("certificatePem");
        var result = run(FakeProbe.healthy(), new Gson().toJson(map), "--address", "127.0.0.1", "--timeout-seconds", "1");
        // parses fine, then fails on the network: nothing listens there
        assertEquals(3, result.exit(), result.out() + result.err());
        assertEquals("", result.err());
    }

    @Test
    void aMissingOutputsFileIsExit2SayingHowToWriteIt() {
        var missing = dir.resolve("missing.json").toString();
        var result = run(FakeProbe.healthy(), "", "--outputs", missing);
        assertEquals(2, result.exit());
        assertEquals("verify: --outputs " + missing + ": there is no such file; write it with `pulumi stack output --json -s <stack> > "
                + missing + "`, or pipe that command into verify without --outputs", result.err().strip());
        var directory = run(FakeProbe.healthy(), "", "--outputs", dir.toString());
        assertEquals(2, directory.exit());
        assertTrue(directory.err().startsWith("verify: cannot read the stack outputs from " + dir + ": it is a directory; give the file"),
                directory.err());
    }

    @Test
    void theTableOfPulumiStackOutputWithoutJsonIsExit2InPlainWords() {
        // What `pulumi stack output` prints without --json.
        var table = "Current stack outputs (3):\n    OUTPUT           VALUE\n    domain           milvus.example.com\n";
        var result = run(FakeProbe.healthy(), table, "--outputs", "-");
        assertEquals(2, result.exit());
        assertTrue(result.err().startsWith("verify: stack outputs are not JSON (stopped at line 1, column "), result.err());
        assertTrue(result.err().contains("pulumi stack output --json -s <stack>"), result.err());
        for (var internal : java.util.List.of("Exception", "gson", "setLenient", "JsonReader")) {
            assertFalse(result.err().contains(internal), result.err());
        }
    }

    static Stream<Object[]> badArguments() {
        return Stream.of(
                new Object[]{new String[]{"--bogus"}, "verify: unexpected argument '--bogus'"},
                new Object[]{new String[]{"--outputs"}, "verify: --outputs needs a file of `pulumi stack output --json`, or - for standard input"},
                new Object[]{new String[]{"--timeout-seconds", "0"}, "verify: --timeout-seconds must be a whole number from 1 to 600, not '0'"},
                new Object[]{new String[]{"--timeout-seconds", "ten"}, "verify: --timeout-seconds must be a whole number from 1 to 600, not 'ten'"},
                new Object[]{new String[]{"--address", "not an address"}, "verify: --address 'not an address' is neither an IP address nor a host name"},
                new Object[]{new String[]{"--address", "127.0.0.1", "--address", "10.0.0.1"},
                        "verify: --address is given twice (--address 127.0.0.1, then --address 10.0.0.1); give it once"},
                new Object[]{new String[]{"--timeout-seconds", "3", "--timeout-seconds", "3"},
                        "verify: --timeout-seconds is given twice (--timeout-seconds 3, then --timeout-seconds 3); give it once"},
                new Object[]{new String[]{"--outputs", "a.json", "--outputs", "-"},
                        "verify: --outputs is given twice (--outputs a.json, then --outputs -); give it once"},
                new Object[]{new String[]{"--skip-milvus", "--skip-milvus"}, "verify: --skip-milvus is given twice; give it once"});
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badArgumentsAreExit2WithUsage(String[] args, String expectedStart) {
        var result = run(FakeProbe.healthy(), selfManagedJson("x"), args);
        assertEquals(2, result.exit());
        assertTrue(result.err().startsWith(expectedStart), result.err());
        assertTrue(result.err().contains(VerifyCommand.USAGE), result.err());
        assertEquals("", result.out());
    }

    @Test
    void helpPrintsUsageAndExits0() {
        var result = run(FakeProbe.healthy(), "", "--help");
        assertEquals(0, result.exit());
        assertEquals(VerifyCommand.USAGE + System.lineSeparator(), result.out());
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** A loopback port nothing listens on (bound, then released). */
    static int freePort() throws Exception {
        try (var free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    static Map<String, Object> selfManagedMap(String pem) {
        var map = new LinkedHashMap<String, Object>();
        map.put("domain", DOMAIN);
        map.put("port", 9);
        map.put("staticIpAddress", UNUSED_STATIC_IP);
        map.put("certificateMode", "self-managed");
        map.put("certificatePem", pem);
        return map;
    }

    static String selfManagedJson(String pem) {
        return new Gson().toJson(selfManagedMap(pem));
    }

    static String without(Map<String, Object> map, String... keys) {
        for (var key : keys) {
            map.remove(key);
        }
        return new Gson().toJson(map);
    }

    static String with(Map<String, Object> map, Consumer<Map<String, Object>> change) {
        change.accept(map);
        return new Gson().toJson(map);
    }

    static void assertNoCertificateIn(String text) {
        assertFalse(text.contains("BEGIN CERTIFICATE"), text);
        var body = milvusCert.pem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(text.contains(body.substring(0, 40)), text);
    }

    @Test
    void aPlansPlaceholderOutputsAreNamedAsSuchNotParsed(@TempDir Path tmp) throws Exception {
        var out = tmp.resolve("plan");
        assertEquals(0, com.milvusgke.plan.PlanCommand.run(new String[]{"--stack", "dev", "--out", out.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), com.milvusgke.App::program));
        Map<?, ?> plan = new Gson().fromJson(Files.readString(out.resolve("plan.json")), Map.class);
        var result = run(FakeProbe.healthy(), new Gson().toJson(plan.get("outputs")));
        assertEquals(2, result.exit());
        assertTrue(result.err().contains("placeholder outputs of `plan`"), result.err());
        assertFalse(result.err().contains("base64") || result.err().contains("Exception"), result.err());
    }

    @Test
    void aCertificateThatExpiresWithinThirtyDaysIsAWarningThatSaysWhatRenewsIt() throws Exception {
        var leaf = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(milvusCert.pem().getBytes(StandardCharsets.US_ASCII)));
        var expiry = leaf.getNotAfter().toInstant();
        assertEquals(Optional.empty(), ConnectionCheck.expiryWarning(leaf, expiry.minus(Duration.ofDays(31)), true));
        var soon = ConnectionCheck.expiryWarning(leaf, expiry.minus(Duration.ofDays(10)), true);
        assertTrue(soon.isPresent() && soon.get().contains("(in 10 days)") && soon.get().contains("pulumi up"), soon.toString());
        assertTrue(ConnectionCheck.expiryWarning(leaf, expiry.minus(Duration.ofDays(3)), false).orElseThrow().contains("ManagedCertificate"));
    }

    static String withRest(String outputsJson) {
        Map<String, Object> map = new Gson().fromJson(outputsJson, new com.google.gson.reflect.TypeToken<Map<String, Object>>() { }.getType());
        var copy = new LinkedHashMap<String, Object>(map);
        copy.put("restEndpoint", "https://" + DOMAIN + "/v2/vectordb");
        return new Gson().toJson(copy);
    }

    static String http(int status, String body) {
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }

    @Test
    void whenTheStackServesRestOneRealRestCallIsMadeOverTlsWithTheServerName() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2", "http/1.1"), http(200, "{\"code\":0,\"data\":[]}"))) {
            var result = run(FakeProbe.healthy(), withRest(selfManaged(DOMAIN, server.port(), milvusCert)), VIA_LOOPBACK);
            assertEquals(0, result.exit(), result.out() + result.err());
            assertTrue(result.out().contains("[ok] rest: POST https://" + DOMAIN + "/v2/vectordb/collections/list: HTTP 200, code 0"),
                    result.out());
            assertEquals(1, server.requests().size());
            assertTrue(server.requests().get(0).startsWith("POST /v2/vectordb/collections/list HTTP/1.1\r\nHost: " + DOMAIN + "\r\n"),
                    server.requests().get(0));
        }
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2", "http/1.1"), http(404, "default backend - 404"))) {
            var result = run(FakeProbe.healthy(), withRest(selfManaged(DOMAIN, server.port(), milvusCert)), VIA_LOOPBACK);
            assertEquals(5, result.exit(), result.out());
            assertTrue(result.out().contains("[fail] rest: POST") && result.out().contains("HTTP 404")
                    && result.out().contains("restApi on"), result.out());
        }
        // Without restEndpoint in the outputs, no REST call is made.
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2", "http/1.1"), http(200, "{}"))) {
            var result = run(FakeProbe.healthy(), selfManaged(DOMAIN, server.port(), milvusCert), VIA_LOOPBACK);
            assertEquals(0, result.exit(), result.out());
            assertEquals(List.of(), server.requests());
        }
    }

    @Test
    void handshakeAndBackendFailuresSayWhatToFix() throws Exception {
        var outputs = DeployedOutputs.parse(selfManaged(DOMAIN, 443, milvusCert));
        var name = ConnectionCheck.handshakeAdvice("(certificate_unknown) No subject alternative DNS name matching other.test found.", outputs);
        assertTrue(name.startsWith("the certificate served is not valid for " + DOMAIN + ": connect with the stack's `domain` output"), name);
        var trust = ConnectionCheck.handshakeAdvice("(certificate_unknown) PKIX path validation failed: ...", outputs);
        assertTrue(trust.startsWith("the certificate served is not the stack's certificatePem"), trust);
        assertTrue(MilvusCheck.backendHint("UNAVAILABLE: HTTP status code 502").contains("no healthy Milvus backend"));
        assertEquals("", MilvusCheck.backendHint("DEADLINE_EXCEEDED: deadline exceeded"));
    }
}
