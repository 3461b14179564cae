package com.milvusgke.verify;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Milvus SDK probe, with no Milvus: against a loopback TLS server that speaks h2 but not gRPC (must fail
 * within the timeout), and against a fake Milvus gRPC service (must succeed, through the address with the domain
 * as server name and only the stack's certificate trusted).
 */
class SdkMilvusProbeTest {
    @TempDir
    static Path dir;
    static TestCertificates milvusCert;

    @BeforeAll
    static void certificates() throws Exception {
        milvusCert = TestCertificates.generate(dir, "milvus", VerifyCommandTest.DOMAIN);
    }

    static VerifyCommandTest.Run verify(int port, String... extraArgs) {
        return verify(VerifyCommandTest.selfManaged(VerifyCommandTest.DOMAIN, port, milvusCert), extraArgs);
    }

    static VerifyCommandTest.Run verify(String json, String... extraArgs) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var args = Stream.concat(Stream.of("--address", "127.0.0.1"), Stream.of(extraArgs)).toArray(String[]::new);
        long start = System.nanoTime();
        int exit = VerifyCommand.run(args, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new VerifyCommandTest.Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void aTlsServerThatIsNotMilvusFailsTheMilvusStepWithExit5WithinTheTimeout() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var result = verify(server.port(), "--timeout-seconds", "2");
            assertEquals(5, result.exit(), result.out() + result.err());
            assertTrue(result.line("[ok] alpn").contains("selected h2"), result.out());
            var line = result.line("[fail] milvus");
            assertTrue(line.startsWith("[fail] milvus: https://127.0.0.1:" + server.port()
                    + " via 127.0.0.1 (server name milvus.test): the SDK call failed: "), line);
            assertTrue(line.contains("DEADLINE_EXCEEDED"), line);
            assertTrue(line.endsWith("; no gRPC connection was established"), line);
            assertFalse(line.contains("[closed=") || line.contains("buffered_nanos"), line);
            assertEquals("verify: FAILED at milvus (exit 5)", result.line("verify:"));
            // the connect deadline is the timeout; the whole step may take at most three times it
            assertTrue(result.took().compareTo(Duration.ofSeconds(8)) < 0, "took " + result.took());
            assertEquals("", result.err(), "the SDK's logging stays quiet");
        }
    }

    @Test
    void aFakeMilvusServiceIsReachedThroughTheAddressAsTheDomain() throws Exception {
        try (var server = new FakeMilvusServer(milvusCert, "v2.5.4-fake", true, List.of())) {
            var result = verify(server.port(), "--timeout-seconds", "5");
            assertEquals(0, result.exit(), result.out() + result.err());
            assertEquals("[ok] milvus: https://127.0.0.1:" + server.port() + " via 127.0.0.1 (server name milvus.test): "
                    + "server version v2.5.4-fake, checkHealth: healthy", result.line("[ok] milvus"));
            assertEquals("verify: OK (1 warning)", result.line("verify:"));
            assertEquals("", result.err(), "the SDK's logging stays quiet");
        }
    }

    @Test
    void anUnhealthyMilvusIsExit5WithItsReasons() throws Exception {
        try (var server = new FakeMilvusServer(milvusCert, "v2.5.4-fake", false, List.of("proxy is not ready"))) {
            var result = verify(server.port(), "--timeout-seconds", "5");
            assertEquals(5, result.exit(), result.out() + result.err());
            assertTrue(result.line("[fail] milvus").endsWith("server version v2.5.4-fake, checkHealth: NOT healthy: proxy is not ready"),
                    result.out());
        }
    }

    @Test
    void theSdkChecksTheServerNameAndTrustsOnlyTheGivenPemAndCleansUpItsPemFile() throws Exception {
        try (var server = new FakeMilvusServer(milvusCert, "v2.5.4-fake", true, List.of())) {
            var pemDirectory = Files.createDirectories(dir.resolve("probe-pems"));
            var probe = new SdkMilvusProbe(pemDirectory);
            var ok = probe.check(new MilvusProbe.Target("127.0.0.1", server.port(), "milvus.test",
                    Optional.of(milvusCert.pem()), Duration.ofSeconds(5)));
            assertEquals(new MilvusProbe.Status("v2.5.4-fake", true, List.of()), ok);

            var other = TestCertificates.generate(dir, "other", "other.test");
            long start = System.nanoTime();
            assertThrows(Exception.class, () -> probe.check(new MilvusProbe.Target("127.0.0.1", server.port(), "wrong.test",
                    Optional.of(milvusCert.pem()), Duration.ofSeconds(1))), "host name must not match");
            assertThrows(Exception.class, () -> probe.check(new MilvusProbe.Target("127.0.0.1", server.port(), "milvus.test",
                    Optional.of(other.pem()), Duration.ofSeconds(1))), "certificate must not be trusted");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(6)) < 0);
            assertEquals(List.of(), pemFiles(pemDirectory), "temporary PEM files are deleted");
        }
    }

    @Test
    void googleManagedModeThroughAnAddressTrustsTheJvmStoreWithTheDomainAsServerName() throws Exception {
        try (var server = new FakeMilvusServer(milvusCert, "v2.5.4-fake", true, List.of())) {
            var json = VerifyCommandTest.outputs(VerifyCommandTest.DOMAIN, server.port(), VerifyCommandTest.UNUSED_STATIC_IP,
                    "google-managed", "");
            var probe = new SdkMilvusProbe();
            var untrusted = new MilvusProbe.Target("127.0.0.1", server.port(), "milvus.test", Optional.empty(), Duration.ofSeconds(1));
            var target = new MilvusProbe.Target("127.0.0.1", server.port(), "milvus.test", Optional.empty(), Duration.ofSeconds(5));

            // the JVM's own CAs do not include our self-signed certificate: both the TLS step and the SDK refuse it
            assertThrows(Exception.class, () -> probe.check(untrusted));
            assertEquals(4, verify(json, "--timeout-seconds", "2").exit());

            // a JVM trust store that holds it stands in for a publicly trusted, Google-issued certificate
            withJvmTrustStore(milvusCert, () -> {
                assertEquals(new MilvusProbe.Status("v2.5.4-fake", true, List.of()), probe.check(target));
                var result = verify(json, "--timeout-seconds", "5");
                assertEquals(0, result.exit(), result.out() + result.err());
                assertTrue(result.line("[ok] tls").contains("as milvus.test: chain and host name verified"), result.out());
                assertEquals("[ok] milvus: https://127.0.0.1:" + server.port() + " via 127.0.0.1 (server name milvus.test): "
                        + "server version v2.5.4-fake, checkHealth: healthy", result.line("[ok] milvus"));
                return null;
            });
        }
    }

    @Test
    void theDefaultTrustedCasBundleHoldsEveryCaOfTheJvmStore() throws Exception {
        var bundle = SdkMilvusProbe.defaultTrustedCasPem();
        var parsed = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bundle.getBytes(StandardCharsets.US_ASCII)));
        var factory = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init((java.security.KeyStore) null);
        var manager = (javax.net.ssl.X509TrustManager) factory.getTrustManagers()[0];
        assertFalse(parsed.isEmpty());
        assertEquals(java.util.Set.of(manager.getAcceptedIssuers()), new java.util.HashSet<>(parsed));
    }

    /** Runs {@code body} with javax.net.ssl.trustStore set to a PKCS12 store trusting only {@code trusted}. */
    static void withJvmTrustStore(TestCertificates trusted, java.util.concurrent.Callable<Void> body) throws Exception {
        var store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("trusted", trusted.load().getCertificate("server"));
        var file = dir.resolve("jvm-truststore-" + System.nanoTime() + ".p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        var keys = List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType");
        var saved = keys.stream().map(k -> Optional.ofNullable(System.getProperty(k))).toList();
        System.setProperty(keys.get(0), file.toString());
        System.setProperty(keys.get(1), "changeit");
        System.setProperty(keys.get(2), "PKCS12");
        try {
            body.call();
        } finally {
            for (int i = 0; i < keys.size(); i++) {
                var key = keys.get(i);
                saved.get(i).ifPresentOrElse(v -> System.setProperty(key, v), () -> System.clearProperty(key));
            }
        }
    }

    private static List<Path> pemFiles(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
