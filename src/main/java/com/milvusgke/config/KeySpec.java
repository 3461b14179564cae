package com.milvusgke.config;

/**
 * The backend certificate's key: RSA with {@code rsaBits}, or ECDSA on {@code ecdsaCurve}.
 * Exactly one of the two is meaningful, as in the tls provider's PrivateKey.
 */
public record KeySpec(String algorithm, int rsaBits, String ecdsaCurve) {
    public static final String RSA = "RSA";
    public static final String ECDSA = "ECDSA";

    public static KeySpec rsa(int bits) {
        return new KeySpec(RSA, bits, null);
    }

    public static KeySpec ecdsa(String curve) {
        return new KeySpec(ECDSA, 0, curve);
    }

    public boolean isRsa() {
        return RSA.equals(algorithm);
    }
}
