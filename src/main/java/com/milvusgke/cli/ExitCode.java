package com.milvusgke.cli;

/** The exit codes of this program's commands, defined once. */
public final class ExitCode {
    /** Done; for {@code verify}, every step passed (warnings allowed); for {@code status}, every stage is done. */
    public static final int OK = 0;
    /** The program failed for a reason other than the user's input. */
    public static final int FAILED = 1;
    /** Bad arguments, config or input files: the message names the key or path, the value and what is allowed. */
    public static final int BAD_INPUT = 2;
    /** {@code verify}: the load balancer did not accept a TCP connection. */
    public static final int NOT_REACHABLE = 3;
    /** {@code verify}: the TLS handshake, certificate, host name or ALPN check failed. */
    public static final int TLS_FAILED = 4;
    /** {@code verify}: the Milvus call failed, timed out or the server reports itself unhealthy. */
    public static final int MILVUS_FAILED = 5;
    /**
     * {@code status}: a stage of the rollout is not done (with {@code --wait}: not within {@code --timeout}); the
     * last lines name each stage that is not and what to do about it.
     */
    public static final int ROLLOUT_NOT_DONE = 6;

    private ExitCode() {
    }
}
