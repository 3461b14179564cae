package com.milvusgke.plan;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the protobuf values a program sends to the engine into plain Java values, keeping what matters for
 * review: secrets become {@link SecretValue}, unknowns become {@link #UNKNOWN}. Map keys are sorted so the
 * same inputs always read the same.
 */
final class StructDecoder {
    static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    static final String RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
    static final String SIG_KEY = "4dabf18193072939515e22adb298388d";
    /** What the engine protocol uses for a value not known until apply. */
    static final String UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    static final String UNKNOWN = "[unknown until apply]";

    private StructDecoder() {
    }

    static Map<String, Object> decode(Struct struct) {
        var map = new TreeMap<String, Object>();
        struct.getFieldsMap().forEach((key, value) -> map.put(key, decode(value)));
        return Collections.unmodifiableMap(map);
    }

    static Object decode(Value value) {
        switch (value.getKindCase()) {
            case NULL_VALUE:
            case KIND_NOT_SET:
                return null;
            case BOOL_VALUE:
                return value.getBoolValue();
            case NUMBER_VALUE: {
                double d = value.getNumberValue();
                // Protobuf carries every number as a double; integral ones read back as integers.
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
            }
            case STRING_VALUE:
                return UNKNOWN_SENTINEL.equals(value.getStringValue()) ? UNKNOWN : value.getStringValue();
            case LIST_VALUE: {
                var list = new ArrayList<Object>();
                value.getListValue().getValuesList().forEach(v -> list.add(decode(v)));
                return Collections.unmodifiableList(list);
            }
            case STRUCT_VALUE: {
                var fields = value.getStructValue().getFieldsMap();
                var sig = fields.get(SIG_KEY);
                if (sig != null && SECRET_SIG.equals(sig.getStringValue())) {
                    var inner = fields.get("value");
                    return new SecretValue(inner == null ? null : decode(inner));
                }
                if (sig != null && RESOURCE_SIG.equals(sig.getStringValue())) {
                    var urn = fields.get("urn");
                    return urn == null ? null : "resource:" + Urns.name(urn.getStringValue());
                }
                return decode(value.getStructValue());
            }
            default:
                throw new IllegalArgumentException("unsupported value kind " + value.getKindCase());
        }
    }

    /** Paths (dot/bracket notation) of every secret in a decoded tree, in key order. */
    static List<String> secretPaths(Object value, String path, List<String> into) {
        if (value instanceof SecretValue) {
            into.add(path);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> secretPaths(v, path.isEmpty() ? String.valueOf(k) : path + "." + k, into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                secretPaths(list.get(i), path + "[" + i + "]", into);
            }
        }
        return into;
    }
}
