package com.milvusgke.launch;

import java.util.concurrent.TimeUnit;

/**
 * Ends the program's JVM without the wait HotSpot adds at exit.
 *
 * <p>When a JVM exits, HotSpot waits up to about 300 ms for threads that are blocked in native code, and a gRPC
 * client's netty event-loop threads sit in {@code epoll_wait} for as long as the JVM lives. The Pulumi SDK opens such
 * channels to the engine and never closes them, so every preview and up waited ~0.3 s for the program's JVM to end
 * after its last call (measured with bench/startup). Once the SDK has finished, this stops gRPC's shared event-loop
 * group, whose threads then end, and exits. The group is reached by name (grpc-netty-shaded's {@code Utils}, as the SDK
 * bundles it); if that ever fails, the JVM simply exits the slow way.
 */
public final class ProgramExit {
    static final String GRPC_NETTY_UTILS = "io.grpc.netty.shaded.io.grpc.netty.Utils";
    static final String WORKER_GROUP_FIELD = "DEFAULT_WORKER_EVENT_LOOP_GROUP";
    private static final long STOP_WAIT_MILLIS = 1000;

    private ProgramExit() {
    }

    /** Stops gRPC's transport threads, then {@link System#exit(int)}. Only once every RPC is done. */
    public static void exit(int code) {
        stopTransportThreads();
        System.exit(code);
    }

    /** Stops gRPC's shared netty event-loop group and waits (at most a second) for its threads to end. */
    static boolean stopTransportThreads() {
        try {
            var field = Class.forName(GRPC_NETTY_UTILS).getDeclaredField(WORKER_GROUP_FIELD);
            field.setAccessible(true);
            var holder = Class.forName("io.grpc.internal.SharedResourceHolder");
            var resourceType = Class.forName("io.grpc.internal.SharedResourceHolder$Resource");
            // The shared instance the channels use (created if none was, which costs a few milliseconds).
            var group = holder.getMethod("get", resourceType).invoke(null, field.get(null));
            var terminated = group.getClass().getMethod("shutdownGracefully", long.class, long.class, TimeUnit.class)
                    .invoke(group, 0L, 0L, TimeUnit.MILLISECONDS);
            return (Boolean) terminated.getClass().getMethod("await", long.class).invoke(terminated, STOP_WAIT_MILLIS);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
