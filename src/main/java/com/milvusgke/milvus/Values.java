package com.milvusgke.milvus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading and merging Helm values (JSON-like trees of maps, lists and scalars). */
public final class Values {
    private Values() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public static Optional<String> string(Object value) {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public static Optional<Integer> integer(Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Optional.of(n.intValue());
        }
        if (value instanceof String s && s.matches("\\d{1,9}")) {
            return Optional.of(Integer.parseInt(s));
        }
        return Optional.empty();
    }

    /** The value at a path of keys, if every step is a map that has the key. */
    public static Optional<Object> at(Map<String, Object> values, String... path) {
        Object current = values;
        for (var key : path) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return Optional.empty();
            }
            current = m.get(key);
        }
        return Optional.ofNullable(current);
    }

    /**
     * Helm-style deep merge: maps merge key by key, {@code overlay} wins for scalars. Lists named in
     * {@code appendLists} keep the base's items and add the overlay's (volumes, volumeMounts), others are replaced.
     */
    public static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> overlay) {
        var merged = new LinkedHashMap<String, Object>(base);
        overlay.forEach((key, value) -> {
            var existing = merged.get(key);
            if (existing instanceof Map<?, ?> && value instanceof Map<?, ?>) {
                merged.put(key, deepMerge(map(existing), map(value)));
            } else if (existing instanceof List<?> list && value instanceof List<?> extra && APPENDED_LISTS.contains(key)) {
                var combined = new ArrayList<Object>(list);
                combined.addAll(extra);
                merged.put(key, combined);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** Lists a user may extend: our certificate volume (and root's password variable) is added to theirs, not put in their place. */
    private static final List<String> APPENDED_LISTS = List.of("volumes", "volumeMounts", "extraEnv");
}
