package com.milvusgke.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plan --out} never loses a file it did not write. */
class PlanDirectoryTest {

    private static PlanDirectory check(Path target, Path project, Path home) throws PlanDirectory.UnsafeTargetException {
        return PlanDirectory.check(target, List.of(project), home);
    }

    private static void writePlan(PlanDirectory dir, String... files) throws IOException {
        dir.replaceWith(staging -> {
            for (var file : files) {
                Files.createDirectories(staging.resolve(file).getParent());
                Files.writeString(staging.resolve(file), file);
            }
        });
    }

    private static List<String> siblings(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewDirectoryWithTheMarkerListingEveryFile(@TempDir Path tmp) throws Exception {
        var target = tmp.resolve("out/dev");
        writePlan(check(target, tmp.resolve("project"), tmp.resolve("home")), "plan.json", "manifests/01-a.yaml");
        assertEquals("plan.json", Files.readString(target.resolve("plan.json")));
        assertEquals(List.of(PlanDirectory.FORMAT, "manifests/01-a.yaml", "plan.json"),
                Files.readAllLines(target.resolve(PlanDirectory.MARKER)));
        assertEquals(List.of("dev"), siblings(tmp.resolve("out")), "no staging directory may be left behind");
    }

    @Test
    void replacesAPlanItWroteAndDropsItsStaleFiles(@TempDir Path tmp) throws Exception {
        var target = tmp.resolve("plan");
        writePlan(check(target, tmp.resolve("project"), tmp), "plan.json", "manifests/02-secret.yaml");
        writePlan(check(target, tmp.resolve("project"), tmp), "plan.json", "manifests/02-cert.yaml");
        assertFalse(Files.exists(target.resolve("manifests/02-secret.yaml")));
        assertTrue(Files.exists(target.resolve("manifests/02-cert.yaml")));
        assertEquals(List.of("plan"), siblings(tmp), "the previous plan and the staging copy must be gone");
    }

    @Test
    void anEmptyDirectoryIsUsed(@TempDir Path tmp) throws Exception {
        var target = Files.createDirectories(tmp.resolve("empty"));
        writePlan(check(target, tmp.resolve("project"), tmp.resolve("home")), "plan.json");
        assertTrue(Files.exists(target.resolve("plan.json")));
    }

    @Test
    void refusesAnExistingFile(@TempDir Path tmp) throws IOException {
        var notes = Files.writeString(tmp.resolve("notes.txt"), "my notes");
        var e = assertThrows(PlanDirectory.UnsafeTargetException.class, () -> check(notes, tmp.resolve("p"), tmp.resolve("h")));
        assertTrue(e.getMessage().contains(notes.toString()) && e.getMessage().contains("existing file"), e.getMessage());
        assertEquals("my notes", Files.readString(notes));
    }

    @Test
    void refusesANonEmptyDirectoryItDidNotWrite(@TempDir Path tmp) throws IOException {
        var dir = Files.createDirectories(tmp.resolve("docs/sub"));
        Files.writeString(dir.resolve("keep.md"), "mine");
        var e = assertThrows(PlanDirectory.UnsafeTargetException.class, () -> check(tmp.resolve("docs"), tmp.resolve("p"), tmp.resolve("h")));
        assertTrue(e.getMessage().contains("did not write"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("keep.md")));
    }

    @Test
    void refusesAPlanDirectoryHoldingAFileThePlanDidNotWrite(@TempDir Path tmp) throws Exception {
        var target = tmp.resolve("plan");
        writePlan(check(target, tmp.resolve("p"), tmp.resolve("h")), "plan.json");
        Files.writeString(target.resolve("review-notes.md"), "mine");
        var e = assertThrows(PlanDirectory.UnsafeTargetException.class, () -> check(target, tmp.resolve("p"), tmp.resolve("h")));
        assertTrue(e.getMessage().contains("review-notes.md"), e.getMessage());
    }

    @Test
    void refusesAForgedMarkerThatDoesNotListTheFiles(@TempDir Path tmp) throws IOException {
        var target = Files.createDirectories(tmp.resolve("x"));
        Files.writeString(target.resolve(PlanDirectory.MARKER), PlanDirectory.FORMAT + "\n");
        Files.writeString(target.resolve("thesis.tex"), "mine");
        assertThrows(PlanDirectory.UnsafeTargetException.class, () -> check(target, tmp.resolve("p"), tmp.resolve("h")));
    }

    @Test
    void refusesTheProjectItsAncestorsTheHomeDirectoryAndRoot(@TempDir Path tmp) throws IOException {
        var project = Files.createDirectories(tmp.resolve("home/me/project"));
        var home = tmp.resolve("home/me");
        for (var target : List.of(project, project.resolve("."), project.resolve("sub/.."), tmp.resolve("home"), tmp, Path.of("/"))) {
            var e = assertThrows(PlanDirectory.UnsafeTargetException.class, () -> check(target, project, tmp.resolve("elsewhere")),
                    target.toString());
            assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        }
        var e = assertThrows(PlanDirectory.UnsafeTargetException.class, () -> check(home, tmp.resolve("other"), home));
        assertTrue(e.getMessage().contains("home directory"), e.getMessage());
    }

    @Test
    void refusesTheProjectEvenWhenItCarriesAMarker(@TempDir Path tmp) throws IOException {
        var project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve(PlanDirectory.MARKER), PlanDirectory.FORMAT + "\n");
        assertThrows(PlanDirectory.UnsafeTargetException.class, () -> check(project, project, tmp.resolve("h")));
    }

    @Test
    void refusesASymbolicLink(@TempDir Path tmp) throws IOException {
        var real = Files.createDirectories(tmp.resolve("real"));
        var link = Files.createSymbolicLink(tmp.resolve("link"), real);
        var e = assertThrows(PlanDirectory.UnsafeTargetException.class, () -> check(link, tmp.resolve("p"), tmp.resolve("h")));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void anInterruptedWriteLeavesThePreviousPlanWhole(@TempDir Path tmp) throws Exception {
        var target = tmp.resolve("plan");
        writePlan(check(target, tmp.resolve("p"), tmp.resolve("h")), "plan.json", "manifests/01-a.yaml");
        var dir = check(target, tmp.resolve("p"), tmp.resolve("h"));
        assertThrows(IOException.class, () -> dir.replaceWith(staging -> {
            Files.writeString(staging.resolve("plan.json"), "half");
            throw new IOException("disk full");
        }));
        assertEquals("plan.json", Files.readString(target.resolve("plan.json")));
        assertEquals("manifests/01-a.yaml", Files.readString(target.resolve("manifests/01-a.yaml")));
        assertEquals(List.of("plan"), siblings(tmp), "the half-written plan must be cleaned up");
    }
}
