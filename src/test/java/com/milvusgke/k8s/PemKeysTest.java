package com.milvusgke.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Kubeconfigs carry client keys in the forms openssl writes: PKCS#8, and the older PKCS#1 RSA and SEC1 EC forms
 * (kind's and kubeadm's kubeconfigs have them). Each must read as the same key as its PKCS#8 form.
 */
class PemKeysTest {
    private static String openssl(Path dir, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    private static void sameKey(Path dir, String traditional, String algorithm) throws Exception {
        openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", traditional, "-out", "pkcs8.pem");
        var fromTraditional = PemKeys.privateKey(Files.readString(dir.resolve(traditional)));
        var fromPkcs8 = PemKeys.privateKey(Files.readString(dir.resolve("pkcs8.pem")));
        assertEquals(algorithm, fromTraditional.getAlgorithm());
        if (fromPkcs8 instanceof java.security.interfaces.ECPrivateKey ec) {
            // The SEC1 form keeps its curve inside the key too, so the encodings differ: compare the key itself.
            var other = (java.security.interfaces.ECPrivateKey) fromTraditional;
            assertEquals(ec.getS(), other.getS());
            assertEquals(ec.getParams().getCurve(), other.getParams().getCurve());
        } else {
            assertArrayEquals(fromPkcs8.getEncoded(), fromTraditional.getEncoded());
        }
    }

    @Test
    void pkcs1RsaKeysReadAsTheirPkcs8Form(@TempDir Path dir) throws Exception {
        openssl(dir, "genrsa", "-traditional", "-out", "rsa.pem", "2048");
        assertEquals(true, Files.readString(dir.resolve("rsa.pem")).contains("BEGIN RSA PRIVATE KEY"));
        sameKey(dir, "rsa.pem", "RSA");
    }

    @Test
    void sec1EcKeysReadAsTheirPkcs8Form(@TempDir Path dir) throws Exception {
        for (var curve : List.of("prime256v1", "secp384r1")) {
            openssl(dir, "ecparam", "-name", curve, "-genkey", "-noout", "-out", "ec.pem");
            assertEquals(true, Files.readString(dir.resolve("ec.pem")).contains("BEGIN EC PRIVATE KEY"));
            sameKey(dir, "ec.pem", "EC");
        }
    }
}
