package com.milvusgke.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the pulumi CLI (the first {@code pulumi} on the PATH) for {@code status --stack}, with no terminal to prompt on. */
final class PulumiProcess {
    /** A backend call takes seconds; a minute means something waits for input it will never get. */
    static final long TIMEOUT_SECONDS = 120;

    private PulumiProcess() {
    }

    static String run(List<String> args) throws IOException {
        var command = new ArrayList<String>();
        command.add("pulumi");
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new IOException("the pulumi CLI cannot be run (" + e.getMessage() + "); is it on the PATH?");
        }
        var stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        var stdout = read(process.getInputStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("no answer within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                var said = stderr.join().strip();
                throw new IOException(said.isEmpty() ? "exit code " + process.exitValue() : said.lines().findFirst().orElse(said));
            }
            return stdout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted");
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
