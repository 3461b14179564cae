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

    /** The element at the end of a non-empty path, if every step before it is an object that has the next key. */
    private static Optional<JsonElement> at(JsonElement element, String[] path) {
        if (path.length == 0) {
            return Optional.empty();
        }
        var parent = path.length == 1 ? Optional.ofNullable(element).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
                : object(element, java.util.Arrays.copyOf(path, path.length - 1));
        return parent.map(o -> o.get(path[path.length - 1]));
    }

    static Optional<String> string(JsonElement element, String... path) {
        return at(element, path).filter(JsonElement::isJsonPrimitive).map(JsonElement::getAsString);
    }

    static List<JsonObject> array(JsonElement element, String... path) {
        var list = new ArrayList<JsonObject>();
        at(element, path).filter(JsonElement::isJsonArray).map(JsonElement::getAsJsonArray)
                .ifPresent(a -> a.forEach(e -> {
                    if (e.isJsonObject()) {
                        list.add(e.getAsJsonObject());
                    }
                }));
        return list;
    }

    static List<String> strings(JsonElement element, String... path) {
        var list = new ArrayList<String>();
        at(element, path).filter(JsonElement::isJsonArray).map(JsonElement::getAsJsonArray)
                .ifPresent(a -> a.forEach(e -> {
                    if (e.isJsonPrimitive()) {
                        list.add(e.getAsString());
                    }
                }));
        return list;
    }

    static Map<String, String> annotations(JsonObject object) {
        return stringMap(object, "metadata", "annotations");
    }

    /** The string-valued entries of the object at PATH: labels, a selector, annotations. */
    static Map<String, String> stringMap(JsonObject object, String... path) {
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
        return Optional.ofNullable(annotations(object).get(key)).flatMap(Json::objectOf);
    }

    /** TEXT as a JSON object, or empty when it is not one (malformed JSON included). */
    static Optional<JsonObject> objectOf(String text) {
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
