package com.milvusgke.milvus;

/** Lets tests in other packages compute the certificate checksum the release uses. */
public final class MilvusReleaseTestAccess {
    private MilvusReleaseTestAccess() {
    }

    public static String sha256(String text) {
        return MilvusRelease.certificateChecksum(text);
    }
}
