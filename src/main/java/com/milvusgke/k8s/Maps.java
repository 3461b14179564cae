package com.milvusgke.k8s;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Insertion-ordered, unmodifiable maps: the order is the order a reviewer reads in plans and manifests. */
public final class Maps {
    private Maps() {
    }

    public static Map<String, Object> ordered(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
