package com.milvusgke.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {

    @Test
    void archiveBesideTheJarIsHandedOnAndTheCallersOptionsComeLast(@TempDir Path dir) throws Exception {
        var jar = Files.createFile(dir.resolve("milvus-gke-l7.jar"));
        Files.createFile(dir.resolve("milvus-gke-l7.jsa"));
        var command = Launcher.command("/jdk/bin/java", jar, List.of("--java-option"), List.of("-Xmx1g"), new String[]{"plan", "--stack", "dev"});
        assertEquals("/jdk/bin/java", command.get(0));
        assertTrue(command.contains("-XX:SharedArchiveFile=" + dir.resolve("milvus-gke-l7.jsa")));
        assertTrue(command.contains("-Xlog:cds=off"));
        assertTrue(command.contains("-XX:TieredStopAtLevel=1"));
        assertTrue(command.contains("-D" + Launcher.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid()));
        assertEquals(List.of("--java-option", "-D" + Launcher.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
                        "-Xmx1g", "-cp", jar.toString(), "com.milvusgke.App", "plan", "--stack", "dev"),
                command.subList(command.size() - 9, command.size()));
    }

    @Test
    void noArchiveNoArchiveFlags(@TempDir Path dir) throws Exception {
        var jar = Files.createFile(dir.resolve("milvus-gke-l7.jar"));
        var command = Launcher.command("java", jar, List.of(), List.of(), new String[0]);
        assertFalse(command.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-Xlog:cds")));
        assertEquals(List.of("-cp", jar.toString(), "com.milvusgke.App"), command.subList(command.size() - 3, command.size()));
    }

    @Test
    void archiveIsNamedAfterTheJar() {
        assertEquals(Path.of("/t/milvus-gke-l7.jsa"), Launcher.archiveOf(Path.of("/t/milvus-gke-l7.jar")));
    }
}
