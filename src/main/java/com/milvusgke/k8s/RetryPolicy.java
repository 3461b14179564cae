package com.milvusgke.k8s;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * When the cluster check asks the API server again, and when it gives up.
 *
 * <p>An API server under load answers 429 (with Retry-After) or 5xx, and one whose control plane is being upgraded
 * (a zonal GKE cluster) refuses or drops connections for minutes: the same GET a moment later usually works. Retried:
 * connections refused, reset, closed early or timed out, and the answers 429, 500, 502, 503 and 504, after an
 * exponential backoff ({@code firstWait}, doubling, at most {@code maxWait}) or, when the server sends Retry-After in
 * seconds, after that long. Never retried: any other answer (401, 403 and 404 mean what they say), and TLS
 * certificate failures (asking again cannot fix a wrong CA). Bounded in all: a client takes a {@link #deadline()}
 * when it starts ({@code total} from then), no try of any of its requests starts after it, and each try's connect and
 * read timeouts are cut to the time left; then the error names the API server, the request, the number of tries and
 * the last answer.
 *
 * @param firstWait the pause after the first failed try
 * @param maxWait   the longest pause between tries (a longer Retry-After is still honoured)
 * @param total     the time all tries and pauses of one client's requests together may take
 * @param clock     nanoseconds, monotonic ({@link System#nanoTime()})
 * @param sleeper   how to pause ({@link Thread#sleep})
 */
public record RetryPolicy(Duration firstWait, Duration maxWait, Duration total, LongSupplier clock, Sleeper sleeper) {
    /** The answers a busy or restarting API server gives that are worth asking again. */
    static final Set<Integer> RETRIED_STATUSES = Set.of(429, 500, 502, 503, 504);

    /** The cluster check's: a minute in all, the pauses 0.5, 1, 2, 4, 5, 5, ... s. */
    public static RetryPolicy standard() {
        return new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(60), System::nanoTime,
                pause -> Thread.sleep(pause.toMillis()));
    }

    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    /** One try: the answer, and its Retry-After header if it had one. */
    public record Answer(KubeApi.Response response, Optional<String> retryAfter) {
    }

    /** One try of the request, which must not take longer than {@code timeout}. */
    @FunctionalInterface
    public interface Attempt {
        Answer call(Duration timeout) throws IOException;
    }

    /** The end of the time a client that starts now has for all its requests ({@link #clock()} nanoseconds). */
    public long deadline() {
        return clock.getAsLong() + total.toNanos();
    }

    /**
     * Runs {@code attempt} until it gives an answer that is not retried, or the time is up.
     *
     * @param server   the API server, for the error
     * @param request  what is asked, for the error (e.g. {@code GET /api/v1/namespaces/x})
     * @param deadline from {@link #deadline()}, taken when the client started
     * @return the first answer that is not retried
     * @throws IOException naming the server: a failure that is not retried, or the last answer when the time is up
     */
    public KubeApi.Response run(String server, String request, long deadline, Attempt attempt) throws IOException {
        long start = clock.getAsLong();
        var wait = firstWait;
        int tries = 0;
        while (true) {
            tries++;
            String last;
            Duration pause = wait;
            long remaining = deadline - clock.getAsLong();
            try {
                var answer = attempt.call(Duration.ofNanos(Math.max(remaining, 1_000_000)));
                var response = answer.response();
                if (!RETRIED_STATUSES.contains(response.status())) {
                    return response;
                }
                last = response.status() + " " + abbreviate(response.body());
                var retryAfter = answer.retryAfter().flatMap(RetryPolicy::seconds);
                if (retryAfter.isPresent()) {
                    pause = retryAfter.get();
                    last += " (Retry-After: " + retryAfter.get().toSeconds() + " s)";
                }
            } catch (IOException e) {
                if (!retried(e)) {
                    throw new IOException("cannot reach the API server " + server + ": " + describe(e), e);
                }
                last = describe(e);
            }
            long now = clock.getAsLong();
            if (now + pause.toNanos() >= deadline) {
                throw new IOException("cannot reach the API server " + server + ": no usable answer to " + request
                        + " after " + tries + (tries == 1 ? " try" : " tries") + " in " + seconds(now - start)
                        + " s (the cluster check asks for at most " + total.toSeconds() + " s in all); the last answer: " + last);
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to ask the API server " + server + " again; the last answer: " + last);
            }
            wait = wait.multipliedBy(2).compareTo(maxWait) > 0 ? maxWait : wait.multipliedBy(2);
        }
    }

    /** Failures of the connection that a later try may not meet; never a certificate the kubeconfig does not trust. */
    static boolean retried(IOException e) {
        boolean transientCause = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof SSLPeerUnverifiedException) {
                return false;
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof EOFException
                    || t instanceof SocketException) {
                transientCause = true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return transientCause;
    }

    /** Retry-After in seconds (the API server's form); an HTTP date is left to the backoff. */
    private static Optional<Duration> seconds(String header) {
        try {
            long value = Long.parseLong(header.trim());
            return value >= 0 ? Optional.of(Duration.ofSeconds(value)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static String describe(IOException e) {
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof SocketTimeoutException ? "no answer in time (" + message + ")" : message;
    }

    private static String abbreviate(String text) {
        var oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
