package com.milvusgke.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stored plugin listing (or, without one, the SDK's scan) says exactly what the SDK's own class says. */
class MainTest {

    @Test
    void answersLikeTheSdk() throws Exception {
        assertEquals(run(() -> com.pulumi.bootstrap.internal.Main.main(new String[]{"packages"})),
                run(() -> Main.main(new String[]{"packages"})));
    }

    private interface Body {
        void run() throws Exception;
    }

    private static String run(Body body) throws Exception {
        var captured = new ByteArrayOutputStream();
        var original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).strip();
    }
}
