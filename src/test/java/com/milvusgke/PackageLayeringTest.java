package com.milvusgke;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Imports point one way (package-info.java draws the layers): a change low down never needs one higher up. */
class PackageLayeringTest {
    /** Each package's level; a package may import only packages of a lower level. */
    static final Map<String, Integer> LEVEL = Map.ofEntries(
            Map.entry("launch", 0), Map.entry("bootstrap", 0), Map.entry("config", 0), Map.entry("k8s", 1),
            Map.entry("milvus", 2), Map.entry("tls", 2), Map.entry("gke", 3), Map.entry("stack", 4), Map.entry("cli", 4),
            Map.entry("plan", 5), Map.entry("verify", 6), Map.entry("status", 7));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?com\\.milvusgke\\.([a-z0-9]+)\\.", Pattern.MULTILINE);

    @Test
    void importsPointDownwards() throws IOException {
        var root = Path.of("src/main/java/com/milvusgke");
        var upwards = new ArrayList<String>();
        for (var entry : LEVEL.entrySet()) {
            try (Stream<Path> files = Files.list(root.resolve(entry.getKey()))) {
                for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    var matcher = IMPORT.matcher(Files.readString(file));
                    while (matcher.find()) {
                        var imported = matcher.group(1);
                        if (!imported.equals(entry.getKey()) && LEVEL.getOrDefault(imported, Integer.MAX_VALUE) >= entry.getValue()) {
                            upwards.add(root.relativize(file) + " imports " + imported);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), upwards);
    }
}
