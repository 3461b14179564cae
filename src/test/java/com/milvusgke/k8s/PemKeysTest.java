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

    @Test
    void derLengthsUseTheShortFormBelow128AndTheLongFormsAbove() {
        assertArrayEquals(new byte[]{0x04, 0x7f}, java.util.Arrays.copyOf(PemKeys.tlv(0x04, new byte[127]), 2));
        assertArrayEquals(new byte[]{0x04, (byte) 0x81, (byte) 0x80}, java.util.Arrays.copyOf(PemKeys.tlv(0x04, new byte[128]), 3));
        assertArrayEquals(new byte[]{0x04, (byte) 0x81, (byte) 0xff}, java.util.Arrays.copyOf(PemKeys.tlv(0x04, new byte[255]), 3));
        assertArrayEquals(new byte[]{0x04, (byte) 0x82, 0x01, 0x00}, java.util.Arrays.copyOf(PemKeys.tlv(0x04, new byte[256]), 4));
        assertEquals(2 + 127, PemKeys.tlv(0x04, new byte[127]).length);
        assertEquals(4 + 256, PemKeys.tlv(0x04, new byte[256]).length);
        // Reading them back: the element ends where its length says, in every form.
        for (int size : new int[]{0, 127, 128, 255, 256, 1000}) {
            var element = PemKeys.tlv(0x04, new byte[size]);
            assertEquals(element.length, PemKeys.next(element, 0), "size " + size);
        }
        // 0x80 alone is a long form with no length bytes: an empty element.
        assertEquals(2, PemKeys.next(new byte[]{0x04, (byte) 0x80}, 0));
    }

    @Test
    void anEcKeyWithoutItsCurveIsRefusedNotMisread() {
        // ECPrivateKey ::= SEQUENCE { INTEGER 1, OCTET STRING key } with no [0] curve: the JDK cannot use it.
        var sec1 = PemKeys.tlv(0x30, concat(new byte[]{0x02, 0x01, 0x01}, PemKeys.tlv(0x04, new byte[32])));
        var pem = "-----BEGIN EC PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(sec1)
                + "\n-----END EC PRIVATE KEY-----\n";
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.security.GeneralSecurityException.class, () -> PemKeys.privateKey(pem));
        assertEquals("EC key without a named curve", e.getMessage());
        // [0] present but holding something other than an OID.
        var notAnOid = PemKeys.tlv(0x30, concat(new byte[]{0x02, 0x01, 0x01}, PemKeys.tlv(0x04, new byte[32]),
                PemKeys.tlv(0xa0, PemKeys.tlv(0x04, new byte[2]))));
        var pem2 = "-----BEGIN EC PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(notAnOid)
                + "\n-----END EC PRIVATE KEY-----\n";
        assertEquals("EC key without a named curve",
                org.junit.jupiter.api.Assertions.assertThrows(java.security.GeneralSecurityException.class, () -> PemKeys.privateKey(pem2)).getMessage());
    }

    @Test
    void ed25519ReadsAndOtherKeysOrNoKeyAreRefused(@TempDir Path dir) throws Exception {
        openssl(dir, "genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
        assertEquals("EdDSA", PemKeys.privateKey(Files.readString(dir.resolve("ed.pem"))).getAlgorithm());
        openssl(dir, "genpkey", "-algorithm", "x25519", "-out", "x.pem");
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.security.GeneralSecurityException.class,
                () -> PemKeys.privateKey(Files.readString(dir.resolve("x.pem"))));
        assertEquals("unsupported private key (expected RSA, EC or Ed25519 in PEM)", e.getMessage());
        var none = org.junit.jupiter.api.Assertions.assertThrows(java.security.GeneralSecurityException.class,
                () -> PemKeys.privateKey("not a key"));
        assertEquals("no PRIVATE KEY block in the key", none.getMessage());
        var noEnd = org.junit.jupiter.api.Assertions.assertThrows(java.security.GeneralSecurityException.class,
                () -> PemKeys.privateKey("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"));
        assertEquals("no RSA PRIVATE KEY block in the key", noEnd.getMessage());
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (var part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
