package com.milvusgke.verify;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** verify with Milvus's authentication on: it uses the stack's credentials, and says so when they are missing. */
class VerifyCredentialsTest {
    private static final String PASSWORD = "pw-From-The-Stack-42";

    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path dir;
    static TestCertificates milvusCert;

    @org.junit.jupiter.api.BeforeAll
    static void certificates() throws Exception {
        milvusCert = TestCertificates.generate(dir, "milvus", VerifyCommandTest.DOMAIN, "localhost");
    }

    private static Map<String, Object> outputs(int port, TestCertificates cert) {
        Map<String, Object> map = new Gson().fromJson(VerifyCommandTest.selfManaged(VerifyCommandTest.DOMAIN, port, cert),
                new TypeToken<LinkedHashMap<String, Object>>() { }.getType());
        map.put("milvusAuthentication", true);
        map.put("milvusUser", "root");
        map.put("milvusPassword", PASSWORD);
        return map;
    }

    @Test
    void theStacksCredentialsReachMilvusAndAreNeverPrinted() throws Exception {
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var probe = VerifyCommandTest.FakeProbe.healthy();
            var result = VerifyCommandTest.run(probe, new Gson().toJson(outputs(server.port(), milvusCert)),
                    VerifyCommandTest.VIA_LOOPBACK);
            assertEquals(0, result.exit(), result.out() + result.err());
            assertEquals(Optional.of(new ClientCredentials("root", PASSWORD)), probe.targets.get(0).credentials());
            assertTrue(result.line("[ok] milvus: ").contains("authenticated as root, checkHealth: healthy"), result.out());
            assertFalse((result.out() + result.err()).contains(PASSWORD), "the password is never printed");
        }
    }

    @Test
    void aRedactedPasswordIsBadInputSayingHowToGetIt() {
        var map = outputs(443, milvusCert);
        map.put("milvusPassword", "[secret]");
        var result = VerifyCommandTest.run(VerifyCommandTest.FakeProbe.healthy(), new Gson().toJson(map), VerifyCommandTest.VIA_LOOPBACK);
        assertEquals(2, result.exit());
        assertTrue(result.err().contains("milvusPassword is redacted as [secret], and Milvus asks for credentials: run"
                + " `pulumi stack output --json --show-secrets`"), result.err());
    }

    @Test
    void authenticationOnWithoutCredentialsIsBadInput() {
        var map = outputs(443, milvusCert);
        map.remove("milvusPassword");
        map.remove("milvusUser");
        var result = VerifyCommandTest.run(VerifyCommandTest.FakeProbe.healthy(), new Gson().toJson(map), VerifyCommandTest.VIA_LOOPBACK);
        assertEquals(2, result.exit());
        assertTrue(result.err().contains("milvusAuthentication is true, so Milvus asks for credentials, but the outputs have no"
                + " milvusUser and no milvusPassword"), result.err());
    }

    @Test
    void milvusRefusingTheCallSaysWhatIsMissing() throws Exception {
        var refused = new io.grpc.StatusRuntimeException(io.grpc.Status.UNAUTHENTICATED.withDescription("auth check failure, please check"
                + " username and password are correct"));
        try (var server = new LoopbackTlsServer(milvusCert, List.of("h2"))) {
            var map = outputs(server.port(), milvusCert);
            map.remove("milvusPassword");
            map.remove("milvusUser");
            map.remove("milvusAuthentication"); // an older stack's outputs: verify learns it from Milvus
            var result = VerifyCommandTest.run(new VerifyCommandTest.FakeProbe(null, refused), new Gson().toJson(map),
                    VerifyCommandTest.VIA_LOOPBACK);
            assertEquals(5, result.exit(), result.out());
            assertTrue(result.line("[fail] milvus: ").contains("Milvus's authentication is on and no credentials were given"), result.out());

            var withCredentials = VerifyCommandTest.run(new VerifyCommandTest.FakeProbe(null, refused),
                    new Gson().toJson(outputs(server.port(), milvusCert)), VerifyCommandTest.VIA_LOOPBACK);
            assertEquals(5, withCredentials.exit());
            assertTrue(withCredentials.line("[fail] milvus: ").contains("Milvus refused the credentials"), withCredentials.out());
            assertFalse(withCredentials.out().contains(PASSWORD));
        }
        assertEquals("", MilvusCheck.authenticationHint("HTTP status code 502", false));
    }

    @Test
    void credentialsNeverShowInTheirOwnText() {
        assertFalse(new ClientCredentials("root", PASSWORD).toString().contains(PASSWORD));
        assertFalse(new MilvusProbe.Target("h", 1, "h", Optional.empty(), Duration.ofSeconds(1),
                Optional.of(new ClientCredentials("root", PASSWORD))).toString().contains(PASSWORD));
    }
}
