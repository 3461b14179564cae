package com.milvusgke.launch;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * The test JVMs (no launcher) of this project and of the consumer example get, through the poms' java25 profiles,
     * exactly what the launcher gives the program's JVM on Java 25 with one CPU: the poms repeat the options, and
     * this keeps them the same list.
     */
    @Test
    void thePomsJava25ProfilesGiveTheTestJvmsTheLaunchersOptions() throws Exception {
        var argLine = Pattern.compile("<id>java25</id>.*?<argLine>(.*?)</argLine>", Pattern.DOTALL);
        for (var pom : List.of(Path.of("pom.xml"), Path.of("examples/consumer/pom.xml"))) {
            var m = argLine.matcher(Files.readString(pom));
            assertTrue(m.find(), pom + " has no java25 profile with an argLine");
            assertEquals(Set.copyOf(JvmOptions.forJava(25, 1)), Set.of(m.group(1).trim().split("\\s+")), pom.toString());
        }
    }
}
