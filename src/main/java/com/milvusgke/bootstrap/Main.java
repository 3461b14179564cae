package com.milvusgke.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The plugin listing the Pulumi language host asks for, answered without scanning the jar.
 *
 * <p>The host runs {@code java -cp target/milvus-gke-l7.jar com.pulumi.bootstrap.internal.Main packages} before every
 * preview and up. The SDK's class scans every one of the jar's ~47,000 entries for {@code com/.../plugin.json} (about
 * half a second to a second and a half on a 2-core machine). The build runs that same SDK class once over the same
 * classpath and stores its output as {@value #LISTING}; in the shaded jar this class is renamed to
 * {@code com.pulumi.bootstrap.internal.Main} (the SDK's becomes {@code com.pulumi.bootstrap.internal.SdkMain}) and
 * prints that stored output. Without it (or with anything but a JSON array in it) it runs the SDK's own class, so the
 * answer never differs from the SDK's.
 */
public final class Main {
    /** Written by the build (pom.xml, execution {@code pulumi-packages}): the SDK's own answer for this classpath. */
    public static final String LISTING = "milvus-gke-l7-pulumi-packages.json";

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        var stored = args.length == 1 && args[0].equals("packages") ? stored() : null;
        if (stored == null) {
            com.pulumi.bootstrap.internal.Main.main(args);
            return;
        }
        System.out.println(stored);
    }

    /** The stored listing, or null when there is none or it is not a JSON array (then the SDK answers). */
    static String stored() throws IOException {
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream(LISTING)) {
            if (in == null) {
                return null;
            }
            var text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return text.startsWith("[") && text.endsWith("]") && text.indexOf('\n') < 0 ? text : null;
        }
    }
}
