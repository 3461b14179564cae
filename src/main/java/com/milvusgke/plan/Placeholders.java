package com.milvusgke.plan;

/**
 * The fixed documentation values {@code plan} shows for what only a cloud knows. Defined once: the plan writes them,
 * and {@code verify} recognizes them when it is given a plan's outputs instead of a deployed stack's.
 */
public final class Placeholders {
    /** From 203.0.113.0/24 (RFC 5737, documentation only): never a deployed stack's address. */
    public static final String STATIC_IP = "203.0.113.10";
    public static final String CERTIFICATE_PEM = "-----BEGIN CERTIFICATE-----\n"
            + "placeholder: the tls provider generates this certificate on pulumi up\n"
            + "-----END CERTIFICATE-----\n";

    private Placeholders() {
    }

    /** True when the text is, or holds, one of the placeholders. */
    public static boolean isPlaceholder(String text) {
        return text != null && (text.equals(STATIC_IP) || text.contains("placeholder: the tls provider"));
    }
}
