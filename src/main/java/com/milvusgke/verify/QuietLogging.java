package com.milvusgke.verify;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Keeps the Milvus SDK from printing to the terminal. The SDK logs through SLF4J, and the jar has no SLF4J binding
 * (the Pulumi SDK brings only slf4j-api), so every SDK message goes to SLF4J's no-operation logger already; but
 * SLF4J 1.7 announces that fallback with three lines on standard error when it is first used. This initialises
 * SLF4J once with standard error silenced, so the verify command's output stays the step lines.
 */
final class QuietLogging {
    private static boolean applied;

    private QuietLogging() {
    }

    static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        var stderr = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            // slf4j-api is on the runtime classpath (through the Pulumi SDK), not the compile one
            Class.forName("org.slf4j.LoggerFactory").getMethod("getILoggerFactory").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            // no SLF4J at all: nothing to announce, nothing to quiet
        } finally {
            System.setErr(stderr);
        }
    }
}
