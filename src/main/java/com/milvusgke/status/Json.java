package com.milvusgke.status;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small readers of API-server JSON: a missing field is empty, never an exception. */
final class Json {
    private Json() {
    }

    static Optional<JsonObject> object(JsonElement element, String... path) {
        var current = element;
        for (var key : path) {
            if (current == null || !current.isJsonObject()) {
                return Optional.empty();
            }
            current = current.getAsJsonObject().get(key);
        }
        return current != null && current.isJsonObject() ? Optional.of(current.getAsJsonObject()) : Optional.empty();
    }

    static Optional<String> string(JsonElement element, String... path) {
        if (path.length == 0) {
            return Optional.empty();
        }
        var parent = path.length == 1 ? Optional.ofNullable(element).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
                : object(element, java.util.Arrays.copyOf(path, path.length - 1));
        return parent.map(o -> o.get(path[path.length - 1]))
                .filter(e -> e.isJsonPrimitive())
                .map(JsonElement::getAsString);
    }

    static List<JsonObject> array(JsonElement element, String... path) {
        var parent = path.length == 1 ? Optional.ofNullable(element).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
                : object(element, java.util.Arrays.copyOf(path, path.length - 1));
        var list = new ArrayList<JsonObject>();
        parent.map(o -> o.get(path[path.length - 1])).filter(JsonElement::isJsonArray).map(JsonElement::getAsJsonArray)
                .ifPresent(a -> a.forEach(e -> {
                    if (e.isJsonObject()) {
                        list.add(e.getAsJsonObject());
                    }
                }));
        return list;
    }

    static List<String> strings(JsonElement element, String... path) {
        var parent = path.length == 1 ? Optional.ofNullable(element).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
                : object(element, java.util.Arrays.copyOf(path, path.length - 1));
        var list = new ArrayList<String>();
        parent.map(o -> o.get(path[path.length - 1])).filter(JsonElement::isJsonArray).map(JsonElement::getAsJsonArray)
                .ifPresent(a -> a.forEach(e -> {
                    if (e.isJsonPrimitive()) {
                        list.add(e.getAsString());
                    }
                }));
        return list;
    }

    static Map<String, String> annotations(JsonObject object) {
        var map = new LinkedHashMap<String, String>();
        object(object, "metadata", "annotations").ifPresent(a -> a.entrySet().forEach(e -> {
            if (e.getValue().isJsonPrimitive()) {
                map.put(e.getKey(), e.getValue().getAsString());
            }
        }));
        return map;
    }

    static Map<String, String> labels(JsonObject object, String... path) {
        var map = new LinkedHashMap<String, String>();
        object(object, path).ifPresent(a -> a.entrySet().forEach(e -> {
            if (e.getValue().isJsonPrimitive()) {
                map.put(e.getKey(), e.getValue().getAsString());
            }
        }));
        return map;
    }

    /** An annotation whose value is a JSON object (GKE writes several), or empty when absent or not an object. */
    static Optional<JsonObject> annotationObject(JsonObject object, String key) {
        var text = annotations(object).get(key);
        if (text == null) {
            return Optional.empty();
        }
        try {
            var parsed = JsonParser.parseString(text);
            return parsed.isJsonObject() ? Optional.of(parsed.getAsJsonObject()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String name(JsonObject object) {
        return string(object, "metadata", "name").orElse("");
    }

    static JsonObject parse(String text) {
        var parsed = JsonParser.parseString(text);
        return parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
    }

    static JsonArray emptyArray() {
        return new JsonArray();
    }
}
