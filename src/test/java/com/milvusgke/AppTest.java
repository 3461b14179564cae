package com.milvusgke;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a person sees running the jar by hand, and that the engine still gets the program. */
class AppTest {
    record Run(int code, String out, String err) {
    }

    static Run dispatch(Map<String, String> environment, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = App.dispatch(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "-h", "--help"})
    void helpPrintsTheUsageAndExitsZero(String word) {
        var run = dispatch(Map.of(), word);
        assertEquals(0, run.code());
        assertTrue(run.out().contains("plan ") && run.out().contains("verify ") && run.out().contains("pulumi up"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void noCommandOrAnUnknownOneIsMisuseWithTheUsage() {
        var none = dispatch(Map.of());
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("no command given\nusage:"), none.err());
        var unknown = dispatch(Map.of(), "deploy");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("unknown command 'deploy'\nusage:"), unknown.err());
        assertFalse(unknown.err().contains("Exception") || unknown.err().contains("PULUMI_"), unknown.err());
    }

    @Test
    void underTheEngineTheProgramRuns() {
        var run = dispatch(Map.of("PULUMI_MONITOR", "127.0.0.1:12345"));
        assertEquals(-1, run.code());
        assertEquals("", run.out() + run.err());
    }
}
