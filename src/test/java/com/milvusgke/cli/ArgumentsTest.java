package com.milvusgke.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line parser plan and verify share. */
class ArgumentsTest {
    static final Map<String, String> OPTIONS = Map.of("--stack", "a stack name", "--out", "a directory");

    @Test
    void optionsSwitchesAndHelp() throws Exception {
        var parsed = Arguments.parse(new String[]{"--stack", "dev", "--quiet"}, OPTIONS, Set.of("--quiet"));
        assertEquals(Optional.of("dev"), parsed.value("--stack"));
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
        assertEquals("unexpected argument 'stack'; the flags are --out, --stack",
                assertThrows(Arguments.BadArguments.class, () -> Arguments.parse(new String[]{"stack"}, OPTIONS, Set.of())).getMessage());
    }

    @Test
    void aFlagGivenTwiceOrTwoExclusiveFlagsAreMistakesNotLastOneWins() {
        assertEquals("--stack is given twice (--stack dev, then --stack prod); give it once",
                assertThrows(Arguments.BadArguments.class, () -> Arguments.parse(new String[]{"--stack", "dev", "--stack", "prod"},
                        OPTIONS, Set.of())).getMessage());
        assertEquals("--quiet is given twice; give it once",
                assertThrows(Arguments.BadArguments.class, () -> Arguments.parse(new String[]{"--quiet", "--quiet"},
                        OPTIONS, Set.of("--quiet"))).getMessage());
        var exclusive = java.util.List.of(java.util.List.of("--stack", "--out"));
        assertEquals("--stack dev and --out x cannot be given together: give only one of --stack, --out",
                assertThrows(Arguments.BadArguments.class, () -> Arguments.parse(new String[]{"--out", "x", "--stack", "dev"},
                        OPTIONS, Set.of(), exclusive)).getMessage());
        assertEquals(Optional.of("dev"), assertDoesNotThrow(() -> Arguments.parse(new String[]{"--stack", "dev"}, OPTIONS, Set.of(),
                exclusive)).value("--stack"));
    }
}
