package com.milvusgke.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * The options the program's JVM needs on the Java it runs on, beyond {@link Launcher}'s start-up ones. Java 17 gets
 * none (its fast path stays as it is).
 *
 * <p><b>Java 25, one core for the common pool.</b> Java 25 runs {@code CompletableFuture}'s async steps on the common
 * fork/join pool even when its parallelism is 1 (JDK-8362881; before, each got a thread of its own), and pulumi-java
 * 1.36.1's engine loop re-queues itself there without a pause, so nothing else ever runs: {@code plan} and every
 * {@code preview} spin forever on a machine or container with 2 CPUs or fewer (pulumi/pulumi-java#2270). The fix
 * (pulumi/pulumi-java#2314) is in a pulumi-java release after 1.36.1, which Maven Central does not serve here; until
 * the SDK in pom.xml has it, the pool is given a parallelism of 2 where it would have less. Drop
 * {@link #COMMON_POOL_PARALLELISM} and its use when pom.xml's {@code pulumi.version} has that fix.
 *
 * <p><b>Java 24 and newer, warnings that name no problem of the user's.</b> protobuf and netty (inside the SDK) call
 * {@code sun.misc.Unsafe}'s memory methods and load native code; Java 24+ warns about each on stderr, which the engine
 * shows in every preview. The options these warnings name allow it for this program only (JEP 498, JEP 472).
 */
public final class JvmOptions {
    /** First Java whose {@code CompletableFuture} uses a common pool of parallelism 1 (and so livelocks the SDK). */
    static final int COMMON_POOL_CHANGE_FEATURE = 25;
    /** First Java that warns about {@code sun.misc.Unsafe} memory access by default. */
    static final int UNSAFE_WARNING_FEATURE = 24;
    static final String COMMON_POOL_PARALLELISM = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2";
    static final String ALLOW_UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";
    static final String ENABLE_NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private JvmOptions() {
    }

    /**
     * @param javaFeature the feature release of the Java that runs the program ({@code Runtime.version().feature()})
     * @param commonPoolParallelism the common pool's parallelism that Java has (the same machine, CPU limit and
     *                              options as this JVM)
     */
    static List<String> forJava(int javaFeature, int commonPoolParallelism) {
        var options = new ArrayList<String>();
        if (javaFeature >= UNSAFE_WARNING_FEATURE) {
            options.add(ALLOW_UNSAFE_MEMORY_ACCESS);
            options.add(ENABLE_NATIVE_ACCESS);
        }
        if (javaFeature >= COMMON_POOL_CHANGE_FEATURE && commonPoolParallelism < 2) {
            options.add(COMMON_POOL_PARALLELISM);
        }
        return options;
    }

    /** For this JVM, whose Java the program's JVM shares. (No lambda: see {@link Launcher}.) */
    static List<String> forThisJava() {
        int feature = Runtime.version().feature();
        // Only where it matters: starting the pool's class costs Java 17's fast path time for nothing.
        int parallelism = feature >= COMMON_POOL_CHANGE_FEATURE
                ? java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() : Integer.MAX_VALUE;
        return forJava(feature, parallelism);
    }
}
