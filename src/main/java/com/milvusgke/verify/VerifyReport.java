package com.milvusgke.verify;

import com.milvusgke.cli.ExitCode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lines a user sees, one per step ({@code [ok] tls: ...}), and the exit code they add up to: the code of the
 * first failed step, or {@link #OK} when nothing failed (warnings do not fail the run).
 */
public final class VerifyReport {
    public static final int OK = ExitCode.OK;
    public static final int BAD_INPUT = ExitCode.BAD_INPUT;
    public static final int UNREACHABLE = ExitCode.NOT_REACHABLE;
    public static final int TLS_FAILED = ExitCode.TLS_FAILED;
    public static final int MILVUS_FAILED = ExitCode.MILVUS_FAILED;

    /** Each step and the exit code its failure maps to. */
    public enum Step {
        DNS("dns", OK), TCP("tcp", UNREACHABLE), TLS("tls", TLS_FAILED), ALPN("alpn", TLS_FAILED), MILVUS("milvus", MILVUS_FAILED),
        REST("rest", MILVUS_FAILED);

        private final String label;
        private final int exitCode;

        Step(String label, int exitCode) {
            this.label = label;
            this.exitCode = exitCode;
        }

        public String label() {
            return label;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public enum Outcome {
        OK("ok"), WARN("warn"), FAIL("fail"), SKIP("skip");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    public record Line(Step step, Outcome outcome, String message) {
        @Override
        public String toString() {
            return "[" + outcome.tag + "] " + step.label + ": " + message;
        }
    }

    private final PrintStream out;
    private final List<Line> lines = new ArrayList<>();

    public VerifyReport(PrintStream out) {
        this.out = out;
    }

    public void ok(Step step, String message) {
        add(new Line(step, Outcome.OK, message));
    }

    public void warn(Step step, String message) {
        add(new Line(step, Outcome.WARN, message));
    }

    public void fail(Step step, String message) {
        add(new Line(step, Outcome.FAIL, message));
    }

    public void skip(Step step, String message) {
        add(new Line(step, Outcome.SKIP, message));
    }

    private void add(Line line) {
        lines.add(line);
        out.println(line);
        out.flush();
    }

    public boolean failed() {
        return firstFailure().isPresent();
    }

    public Optional<Line> firstFailure() {
        return lines.stream().filter(l -> l.outcome() == Outcome.FAIL).findFirst();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** {@link #OK}, or the exit code of the first failed step. */
    public int exitCode() {
        return firstFailure().map(l -> l.step().exitCode()).orElse(OK);
    }

    /** The closing line: what the exit code means. */
    public String summary() {
        long warnings = lines.stream().filter(l -> l.outcome() == Outcome.WARN).count();
        return firstFailure()
                .map(l -> "verify: FAILED at " + l.step().label() + " (exit " + exitCode() + ")")
                .orElse("verify: OK" + (warnings == 0 ? "" : " (" + warnings + (warnings == 1 ? " warning)" : " warnings)")));
    }
}
