package com.milvusgke.launch;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In a JVM of its own: stopping gRPC's shared event loops here would break later tests' gRPC servers. */
class ProgramExitTest {
    @Test
    void theSdksTransportThreadsEndAndTheExitCodeIsKept() throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);

        assertEquals(Probe.EXIT_CODE, process.exitValue(), output);
        assertTrue(output.contains("channel: READY"), output);
        assertTrue(output.matches("(?s).*before: \\[grpc-\\w+-worker-ELG.*"), output);
        assertFalse(output.contains("Exception"), "the stop makes gRPC complain: " + output);
        assertTrue(output.contains("after: []"), "netty worker threads left blocked in epoll_wait: " + output);
    }

    /** A channel like the SDK's to the engine, connected; then the program's exit. */
    public static final class Probe {
        static final int EXIT_CODE = 7;

        public static void main(String[] args) throws IOException, InterruptedException {
            var server = ServerBuilder.forPort(0).build().start();
            var channel = ManagedChannelBuilder.forTarget("127.0.0.1:" + server.getPort()).usePlaintext().build();
            for (int i = 0; i < 250 && channel.getState(true) != ConnectivityState.READY; i++) {
                Thread.sleep(20);
            }
            System.out.println("channel: " + channel.getState(false));
            System.out.println("before: " + transportThreads());
            ProgramExit.stopTransportThreads();
            for (int i = 0; i < 250 && !transportThreads().isEmpty(); i++) {
                Thread.sleep(20);
            }
            System.out.println("after: " + transportThreads());
            System.out.flush();
            ProgramExit.exit(EXIT_CODE);
        }

        /** gRPC's netty worker threads, as grpc-netty-shaded names them (epoll or NIO). */
        private static List<String> transportThreads() {
            return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(name -> name.startsWith("grpc-") && name.contains("-worker-ELG")).sorted().toList();
        }
    }
}
