package com.milvusgke.launch;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar's {@code plan}, as a user runs it, on Java 25 with the CPUs CI containers and small VMs have:
 * on 1.36.1 it spun forever there (pulumi/pulumi-java#2270) and printed four warning blocks. The Java 25 is this
 * build's own when it is one, else {@code JAVA25_HOME}, else one found under {@code /usr/lib/jvm}.
 */
class JvmPlanIT {
    private static final long TIMEOUT_SECONDS = 120;

    @ParameterizedTest(name = "{0} CPU(s)")
    @ValueSource(ints = {1, 2})
    void planFinishesOnJava25WithFewCpusAndPrintsNoJvmWarnings(int cpus) throws Exception {
        var java = java25();
        Assumptions.assumeTrue(java != null, "no Java 25 here (set JAVA25_HOME): the Java 25 plan is not tested");
        var out = Files.createTempDirectory("plan-java25-");
        var log = Files.createTempFile("plan-java25-", ".log");
        var process = new ProcessBuilder(List.of(java.toString(), "-XX:ActiveProcessorCount=" + cpus, "-jar",
                Path.of("target/milvus-gke-l7.jar").toAbsolutePath().toString(), "plan", "--stack", "dev",
                "--out", out.resolve("dev").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        var output = Files.readString(log);
        assertTrue(finished, "plan on Java 25 with " + cpus + " CPU(s) still running after " + TIMEOUT_SECONDS
                + " s (a livelock?):\n" + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(Files.isRegularFile(out.resolve("dev/plan.json")), output);
        assertFalse(output.contains("WARNING:"), "a JVM warning in what the user sees:\n" + output);
    }

    private static Path java25() throws IOException {
        if (Runtime.version().feature() >= 25) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        var home = System.getenv("JAVA25_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "bin", "java");
        }
        var jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvms, "*25*")) {
            for (var candidate : homes) {
                var java = candidate.resolve("bin/java");
                if (Files.isExecutable(java)) {
                    return java;
                }
            }
        }
        return null;
    }
}
