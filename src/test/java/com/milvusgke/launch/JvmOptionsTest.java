package com.milvusgke.launch;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JvmOptionsTest {

    @Test
    void java17KeepsItsFastPath() {
        assertEquals(List.of(), JvmOptions.forJava(17, 1));
        assertEquals(List.of(), JvmOptions.forJava(21, 1));
    }

    @Test
    void java24AndNewerAreAllowedWhatTheSdksLibrariesDoWithoutWarnings() {
        assertEquals(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"),
                JvmOptions.forJava(24, 1));
    }

    @Test
    void java25WithACommonPoolOfOneGetsTwoSoTheSdkCannotLivelock() {
        assertEquals(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"), JvmOptions.forJava(25, 1));
        assertEquals(JvmOptions.forJava(25, 1), JvmOptions.forJava(26, 0));
    }

    @Test
    void java25WithEnoughCoresIsLeftAlone() {
        assertEquals(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"),
                JvmOptions.forJava(25, 2));
    }
}
