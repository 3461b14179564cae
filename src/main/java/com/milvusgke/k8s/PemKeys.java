package com.milvusgke.k8s;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Private keys as kubeconfigs hold them: PKCS#8 ({@code PRIVATE KEY}), or the older PKCS#1 RSA
 * ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC PRIVATE KEY}) forms, which the JDK reads only inside PKCS#8.
 */
final class PemKeys {
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemKeys() {
    }

    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            var pkcs1 = body(pem, "RSA PRIVATE KEY");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(RSA_ALGORITHM, pkcs1)));
        }
        if (pem.contains("BEGIN EC PRIVATE KEY")) {
            var sec1 = body(pem, "EC PRIVATE KEY");
            var algorithm = sequence(concat(EC_PUBLIC_KEY_OID, curveOid(sec1)));
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(algorithm, sec1)));
        }
        var der = body(pem, "PRIVATE KEY");
        for (var algorithm : new String[]{"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("unsupported private key (expected RSA, EC or Ed25519 in PEM)");
    }

    private static byte[] body(String pem, String label) throws GeneralSecurityException {
        var begin = "-----BEGIN " + label + "-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END " + label + "-----");
        if (start < 0 || end < 0) {
            throw new GeneralSecurityException("no " + label + " block in the key");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key }. */
    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return sequence(concat(new byte[]{0x02, 0x01, 0x00}, algorithm, tlv(0x04, key)));
    }

    /** The named curve in a SEC1 key's [0] parameters (the JDK needs it in the PKCS#8 algorithm identifier). */
    private static byte[] curveOid(byte[] sec1) throws GeneralSecurityException {
        // ECPrivateKey ::= SEQUENCE { INTEGER 1, OCTET STRING key, [0] OID curve OPTIONAL, [1] BIT STRING OPTIONAL }
        int i = contentStart(sec1, 0);
        i = next(sec1, i);
        i = next(sec1, i);
        if (i < sec1.length && (sec1[i] & 0xff) == 0xa0) {
            int oid = contentStart(sec1, i);
            if ((sec1[oid] & 0xff) == 0x06) {
                return java.util.Arrays.copyOfRange(sec1, oid, next(sec1, oid));
            }
        }
        throw new GeneralSecurityException("EC key without a named curve");
    }

    /** Index of the content of the DER element at {@code at}. */
    private static int contentStart(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return at + 2 + (first < 0x80 ? 0 : first & 0x7f);
    }

    /** Index just after the DER element at {@code at}. */
    static int next(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        int length = first;
        if (first >= 0x80) {
            length = 0;
            for (int k = 0; k < (first & 0x7f); k++) {
                length = (length << 8) | (der[at + 2 + k] & 0xff);
            }
        }
        return contentStart(der, at) + length;
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    static byte[] tlv(int tag, byte[] content) {
        var out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (var part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
