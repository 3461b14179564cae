package com.milvusgke.milvus;

import com.google.gson.Gson;
import com.milvusgke.config.KeySuggestion;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The value keys a version of the milvus chart reads, from its own values.yaml and templates, embedded in the jar
 * (chart-values-&lt;version&gt;.json, written by ChartValueKeysTest from the pinned chart archive), so that a misspelt or
 * `--set`-style dotted key in helmValues is refused instead of being passed to Helm, which ignores what it does not
 * know. A node is either a map of the keys the chart knows there, or "*": anything below is the user's (a map the
 * chart passes on whole such as annotations, labels, nodeSelector, resources, extraConfigFiles; a scalar or a list; a
 * dependency chart's section such as etcd, minio or pulsar, which that chart reads).
 */
public final class ChartValueKeys {
    /** The marker of a node whose content the chart does not restrict. */
    public static final String ANY = "*";
    /** Beyond this many keys a list is no help (the chart's top level has ~50): the message names the command instead. */
    private static final int LISTED_KEYS_MAX = 25;

    private final String version;
    private final Map<String, Object> tree;

    private ChartValueKeys(String version, Map<String, Object> tree) {
        this.version = version;
        this.tree = tree;
    }

    /** The resource that holds a chart version's keys. */
    public static String resourceName(String chartVersion) {
        return "chart-values-" + chartVersion + ".json";
    }

    /** The keys of that chart version, if this build embeds them (other versions are not checked). */
    public static Optional<ChartValueKeys> forVersion(String chartVersion) {
        var stream = ChartValueKeys.class.getResourceAsStream(resourceName(chartVersion));
        if (stream == null) {
            return Optional.empty();
        }
        try (var reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            return Optional.of(new ChartValueKeys(chartVersion, Values.map(new Gson().fromJson(reader, Map.class))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One message per key of the user's values that the chart does not read, each with its nested form (a dotted
     * key) or the nearest key the chart knows there.
     */
    public List<String> unknownKeys(Map<String, Object> user) {
        var problems = new ArrayList<String>();
        walk(user, tree, "", problems);
        return problems;
    }

    private void walk(Map<String, Object> user, Map<String, Object> known, String prefix, List<String> problems) {
        for (var entry : user.entrySet()) {
            var key = entry.getKey();
            var path = prefix + key;
            if (known.containsKey(key)) {
                if (known.get(key) instanceof Map<?, ?> below && entry.getValue() instanceof Map<?, ?>) {
                    walk(Values.map(entry.getValue()), Values.map(below), path + ".", problems);
                }
                continue;
            }
            var dot = key.indexOf('.');
            if (dot > 0 && known.containsKey(key.substring(0, dot))) {
                problems.add(path + " is one key with dots in its name, which Helm does not split (the `--set` spelling does not work"
                        + " in values): write it nested, " + nested(prefix, key, entry.getValue()));
                continue;
            }
            var nearest = KeySuggestion.nearest(key, known.keySet());
            problems.add(path + " is not a value of the milvus chart " + version
                    + (prefix.isEmpty() ? "" : " under " + prefix.substring(0, prefix.length() - 1))
                    + nearest.map(n -> "; did you mean " + prefix + n + "?").orElse(known.size() <= LISTED_KEYS_MAX
                    ? "; the chart reads " + String.join(", ", new TreeMap<>(known).keySet()) + " there"
                    : "; see the chart's values: helm show values milvus --repo <chartRepository> --version " + version));
        }
    }

    /** {@code a.b.c: v} as the YAML a user writes under helmValues: {@code a: {b: {c: v}}}. */
    private static String nested(String prefix, String dottedKey, Object value) {
        var parts = (prefix + dottedKey).split("\\.");
        var text = new StringBuilder();
        for (var part : parts) {
            text.append(part).append(": {");
        }
        text.setLength(text.length() - 1);
        text.append(value instanceof Map<?, ?> ? "{...}" : String.valueOf(value)).append("}".repeat(parts.length - 1));
        return "helmValues: {" + text + "}";
    }
}
