package com.milvusgke.status;

import java.util.Optional;

/**
 * One stage as read now.
 *
 * @param stage   which stage
 * @param state   how far it is
 * @param message what was read (names, values)
 * @param action  what to do about it, when it needs the user (or when it waits longer than usual)
 */
public record StageReport(Stage stage, State state, String message, Optional<String> action) {

    /** How far a stage is. */
    public enum State {
        /** Done. */
        DONE("done"),
        /** Under way: GKE or Kubernetes is still working on it; nothing to do but wait. */
        WAITING("waiting"),
        /** Stuck on something only the user can change (GKE keeps retrying, so it may still complete once fixed). */
        BLOCKED("blocked"),
        /** Not looked at (asked not to, or it needs the stages before it). */
        SKIPPED("skipped");

        private final String tag;

        State(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    public static StageReport done(Stage stage, String message) {
        return new StageReport(stage, State.DONE, message, Optional.empty());
    }

    public static StageReport waiting(Stage stage, String message) {
        return new StageReport(stage, State.WAITING, message, Optional.empty());
    }

    public static StageReport waiting(Stage stage, String message, String action) {
        return new StageReport(stage, State.WAITING, message, Optional.of(action));
    }

    public static StageReport blocked(Stage stage, String message, String action) {
        return new StageReport(stage, State.BLOCKED, message, Optional.of(action));
    }

    public static StageReport skipped(Stage stage, String message) {
        return new StageReport(stage, State.SKIPPED, message, Optional.empty());
    }

    public boolean done() {
        return state == State.DONE;
    }

    /** The line {@code status} prints: {@code [done] address: ...}, and what to do, if anything. */
    public String line() {
        return "[" + state.tag() + "] " + stage.label() + ": " + message + action.map(a -> "; what to do: " + a).orElse("");
    }
}
