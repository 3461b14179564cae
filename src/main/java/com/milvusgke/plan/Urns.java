package com.milvusgke.plan;

/** URN helpers: {@code urn:pulumi:<stack>::<project>::<type chain>::<name>}. */
final class Urns {
    private Urns() {
    }

    static String name(String urn) {
        int idx = urn.lastIndexOf("::");
        return idx < 0 ? urn : urn.substring(idx + 2);
    }

    static String type(String urn) {
        var parts = urn.split("::");
        if (parts.length < 4) {
            return "";
        }
        var chain = parts[2];
        int dollar = chain.lastIndexOf('$');
        return dollar < 0 ? chain : chain.substring(dollar + 1);
    }
}
