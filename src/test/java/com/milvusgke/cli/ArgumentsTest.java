package com.milvusgke.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line parser plan and verify share. */
class ArgumentsTest {
    static final Map<String, String> OPTIONS = Map.of("--stack", "a stack name", "--out", "a directory");

    @Test
    void optionsSwitchesAndHelp() throws Exception {
        var parsed = Arguments.parse(new String[]{"--stack", "dev", "--quiet", "--stack", "prod"}, OPTIONS, Set.of("--quiet"));
        assertEquals(Optional.of("prod"), parsed.value("--stack"), "the last value wins");
        assertEquals(Optional.empty(), parsed.value("--out"));
        assertTrue(parsed.has("--quiet"));
        assertTrue(Arguments.parse(new String[]{"--stack", "dev", "-h", "--bogus"}, OPTIONS, Set.of()).help());
    }

    @Test
    void mistakesNameTheArgumentAndWhatItNeeds() {
        assertEquals("--stack needs a stack name",
                assertThrows(Arguments.BadArguments.class, () -> Arguments.parse(new String[]{"--stack"}, OPTIONS, Set.of())).getMessage());
        assertEquals("--stack needs a stack name",
                assertThrows(Arguments.BadArguments.class, () -> Arguments.parse(new String[]{"--stack", "--out", "x"}, OPTIONS, Set.of())).getMessage());
        assertEquals("unexpected argument 'stack'",
                assertThrows(Arguments.BadArguments.class, () -> Arguments.parse(new String[]{"stack"}, OPTIONS, Set.of())).getMessage());
    }
}
