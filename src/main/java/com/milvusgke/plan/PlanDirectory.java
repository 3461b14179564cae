package com.milvusgke.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The directory {@code plan --out} writes, handled so that no user file is ever lost: {@code plan} replaces only a
 * directory it wrote itself, and only when that directory holds nothing but what {@code plan} put there.
 *
 * <p>Ownership is a marker file, {@value #MARKER}, whose first line is {@value #FORMAT} and whose other lines list
 * every file the plan wrote (relative paths). A target is refused, before anything is evaluated or written, when it
 * is an existing file or symbolic link, a non-empty directory without the marker, a marked directory holding files
 * the marker does not list, {@code /}, the home directory, or the project root or the working directory or any of
 * their ancestors (even if marked: a stray marker must not make a checkout deletable).
 *
 * <p>The new plan is written to a hidden sibling first and swapped in by two renames, so an interrupted run leaves
 * the previous plan whole (under its own name, or at worst under the sibling name {@code .NAME.plan-old-*}).
 */
public final class PlanDirectory {
    /** Marks a directory as written by {@code plan}. */
    public static final String MARKER = ".milvus-gke-l7-plan";
    /** First line of the marker; bump it if the layout of a plan directory changes incompatibly. */
    static final String FORMAT = "milvus-gke-l7 plan format 1";

    /** A target {@code plan} must not touch; the message names the path and says what to do instead. */
    public static final class UnsafeTargetException extends Exception {
        UnsafeTargetException(String message) {
            super(message);
        }
    }

    /** Writes a plan's files into an empty directory. */
    @FunctionalInterface
    public interface Contents {
        void writeTo(Path emptyDirectory) throws IOException;
    }

    private final Path target;

    private PlanDirectory(Path target) {
        this.target = target;
    }

    /**
     * Checks that {@code target} may be (re)written.
     *
     * @param protectedRoots directories that must never be replaced, nor any of their ancestors (the project root,
     *                       the working directory)
     * @param home           the user's home directory, never replaced
     */
    public static PlanDirectory check(Path target, List<Path> protectedRoots, Path home) throws UnsafeTargetException {
        var absolute = canonical(target);
        if (absolute.getParent() == null) {
            throw refuse(target, "is the root of the file system");
        }
        if (absolute.equals(canonical(home))) {
            throw refuse(target, "is your home directory");
        }
        for (var root : protectedRoots) {
            var protectedRoot = canonical(root);
            if (protectedRoot.startsWith(absolute)) {
                // Shown absolute: the working directory is the empty path, which would print as "()".
                var shown = root.toAbsolutePath().normalize();
                throw refuse(target, absolute.equals(protectedRoot)
                        ? "is the project directory (" + shown + ")"
                        : "contains the project directory (" + shown + ")");
            }
        }
        if (Files.isSymbolicLink(target)) {
            throw refuse(target, "is a symbolic link; give the directory it points to, or a new path");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw refuse(target, "is an existing file");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            checkOwned(target);
        }
        return new PlanDirectory(target);
    }

    /** Writes the plan beside the target, then swaps it in; the target's parent directories are created. */
    public void replaceWith(Contents contents) throws IOException {
        var resolved = canonical(target);
        var parent = resolved.getParent();
        Files.createDirectories(parent);
        var name = resolved.getFileName().toString();
        var staging = parent.resolve("." + name + ".plan-new-" + UUID.randomUUID());
        Files.createDirectory(staging);
        try {
            contents.writeTo(staging);
            Files.writeString(staging.resolve(MARKER), markerText(staging), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        var destination = parent.resolve(name);
        if (!Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            moveIntoPlace(staging, destination);
            return;
        }
        // Checked again right before the swap: the directory may have changed while the program was evaluated.
        try {
            checkOwned(destination);
        } catch (UnsafeTargetException e) {
            deleteTree(staging);
            throw new IOException(e.getMessage());
        }
        var previous = parent.resolve("." + name + ".plan-old-" + UUID.randomUUID());
        Files.move(destination, previous);
        try {
            moveIntoPlace(staging, destination);
        } catch (IOException e) {
            Files.move(previous, destination);
            deleteTree(staging);
            throw e;
        }
        deleteTree(previous);
    }

    private static void moveIntoPlace(Path staging, Path destination) throws IOException {
        try {
            Files.move(staging, destination);
        } catch (FileAlreadyExistsException e) {
            deleteTree(staging);
            throw new IOException(destination + " appeared while the plan was written; nothing was replaced");
        }
    }

    /** An existing directory may be replaced only if it is empty, or marked and holding only the files it lists. */
    private static void checkOwned(Path directory) throws UnsafeTargetException {
        var present = new TreeSet<String>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (var path : walk.toList()) {
                if (path.equals(directory)) {
                    continue;
                }
                if (Files.isSymbolicLink(path) || !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    present.add(relative(directory, path));
                }
            }
        } catch (IOException e) {
            throw refuse(directory, "cannot be read (" + e.getMessage() + ")");
        }
        if (present.isEmpty()) {
            return; // an empty directory (or one holding only empty directories) loses nothing
        }
        var marker = directory.resolve(MARKER);
        Optional<List<String>> listed = readMarker(marker);
        if (listed.isEmpty()) {
            throw refuse(directory, "is a non-empty directory that plan did not write (no " + MARKER
                    + " marker); give an empty or new directory");
        }
        present.remove(MARKER);
        present.removeAll(listed.get());
        if (!present.isEmpty()) {
            throw refuse(directory, "holds files plan did not write (" + String.join(", ", List.copyOf(present).subList(0,
                    Math.min(3, present.size()))) + (present.size() > 3 ? ", ..." : "")
                    + "); move them away or give another directory");
        }
    }

    private static Optional<List<String>> readMarker(Path marker) {
        try {
            if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            var lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).startsWith("milvus-gke-l7 plan format ")) {
                return Optional.empty();
            }
            return Optional.of(lines.subList(1, lines.size()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String markerText(Path directory) throws IOException {
        var files = new ArrayList<String>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile).map(path -> relative(directory, path)).sorted().forEach(files::add);
        }
        return FORMAT + "\n" + String.join("\n", files) + (files.isEmpty() ? "" : "\n");
    }

    private static String relative(Path directory, Path path) {
        return directory.relativize(path).toString().replace('\\', '/');
    }

    private static UnsafeTargetException refuse(Path target, String why) {
        return new UnsafeTargetException("refusing to write the plan to " + target + ": it " + why);
    }

    /** Absolute and normalized, with symbolic links resolved as far as the path exists. */
    private static Path canonical(Path path) {
        var absolute = path.toAbsolutePath().normalize();
        var existing = absolute;
        var rest = new ArrayList<Path>();
        while (existing != null && !Files.exists(existing)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            var resolved = existing.toRealPath();
            for (var part : rest) {
                resolved = resolved.resolve(part);
            }
            return resolved;
        } catch (IOException e) {
            return absolute;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
