package com.milvusgke.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate's PEM, made with the JDK's keytool. */
final class SelfSigned {
    private SelfSigned() {
    }

    static String pem(Path dir, String dns, int validityDays) throws IOException, InterruptedException {
        var store = dir.resolve("cert.p12");
        var pem = dir.resolve("cert.pem");
        keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-validity", String.valueOf(validityDays), "-dname", "CN=" + dns,
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "s", "-keystore", store.toString(), "-storepass", "changeit", "-file", pem.toString());
        return Files.readString(pem, StandardCharsets.US_ASCII);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
