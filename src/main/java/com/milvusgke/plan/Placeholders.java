package com.milvusgke.plan;

import com.milvusgke.milvus.MilvusRelease;

/**
 * The fixed documentation values {@code plan} shows for what only a cloud knows, and the label that marks each of them
 * where the plan writes it (plan.json, the manifests, the Helm values), so that a reviewer reading a file or a diff
 * never takes one for a real value. Defined once: the mocks hand them to the program, the writer labels them, and
 * {@code verify} recognizes them when it is given a plan's outputs instead of a deployed stack's.
 */
public final class Placeholders {
    /** Every placeholder the plan writes carries this text; {@code grep -r '\[placeholder\]' plan/} finds them all. */
    public static final String LABEL = "[placeholder]";
    /**
     * From 203.0.113.0/24 (RFC 5737, documentation only): never a deployed stack's address. The program is given the bare
     * address (an address is what it gets on {@code up}); the files show it labelled ({@link #labelled}).
     */
    public static final String STATIC_IP = "203.0.113.10";
    /** Says what it is in its own text, so it is written as it is. */
    public static final String CERTIFICATE_PEM = "-----BEGIN CERTIFICATE-----\n"
            + LABEL + " the tls provider generates this certificate on pulumi up\n"
            + "-----END CERTIFICATE-----\n";
    /** What the program derives from the placeholder certificate: the Helm values' certificate checksum. */
    static final String CERTIFICATE_CHECKSUM = MilvusRelease.certificateChecksum(CERTIFICATE_PEM);

    private Placeholders() {
    }

    /**
     * A value as the plan writes it: a placeholder whose shape cannot say so itself (an address, a checksum) gets
     * {@code " [placeholder]"} after it; every other value is returned as it is. Deterministic, so plans stay
     * byte-identical.
     */
    static Object labelled(Object value) {
        if (value instanceof String text && (text.equals(STATIC_IP) || text.equals(CERTIFICATE_CHECKSUM))) {
            return text + " " + LABEL;
        }
        return value;
    }

    /** A text for the plan's own stand-in text ({@code text} itself says what it is). */
    static String invented(String what) {
        return LABEL + " " + what;
    }

    /** True when the text is, or holds, one of the placeholders (as the mocks give it, or as the plan writes it). */
    public static boolean isPlaceholder(String text) {
        return text != null && (text.equals(STATIC_IP) || text.contains(LABEL));
    }
}
