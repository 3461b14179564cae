package com.milvusgke.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed RSA certificates made with the JDK's keytool (no extra dependencies): a PKCS12 key store and the PEM. */
public record TestCertificates(Path keyStore, char[] password, String pem) {
    /** Beyond verify's 30-day expiry warning. */
    private static final int DEFAULT_VALIDITY_DAYS = 365;

    static TestCertificates generate(Path dir, String name, String... dnsNames) throws IOException, InterruptedException {
        return generate(dir, name, DEFAULT_VALIDITY_DAYS, dnsNames);
    }

    /** As {@link #generate(Path, String, String...)}, valid for {@code validityDays} from now. */
    public static TestCertificates generate(Path dir, String name, int validityDays, String... dnsNames)
            throws IOException, InterruptedException {
        var keyStore = dir.resolve(name + ".p12");
        var pemFile = dir.resolve(name + ".pem");
        var password = "changeit";
        var san = new ArrayList<String>();
        for (var dns : dnsNames) {
            san.add("dns:" + dns);
        }
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", String.valueOf(validityDays),
                "-dname", "CN=" + dnsNames[0], "-ext", "SAN=" + String.join(",", san),
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", password,
                "-file", pemFile.toString());
        return new TestCertificates(keyStore, password.toCharArray(), Files.readString(pemFile, StandardCharsets.US_ASCII));
    }

    KeyStore load() throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
