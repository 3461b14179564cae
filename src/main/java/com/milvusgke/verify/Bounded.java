package com.milvusgke.verify;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A wait with a limit, for calls (DNS lookups, the Milvus SDK) that have none of their own. */
final class Bounded {
    private Bounded() {
    }

    /**
     * Runs {@code task} on a daemon thread and waits at most {@code limit}: a lookup or SDK call that hangs cannot
     * hold the command (or the JVM) past it. The task's own exception is rethrown as is.
     */
    static <T> T call(Callable<T> task, Duration limit, String name) throws Exception {
        var executor = Executors.newSingleThreadExecutor(runnable -> {
            var thread = new Thread(runnable, "verify-" + name);
            thread.setDaemon(true);
            return thread;
        });
        try {
            var future = executor.submit(task);
            try {
                return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
