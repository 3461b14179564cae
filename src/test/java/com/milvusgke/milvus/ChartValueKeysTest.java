package com.milvusgke.milvus;

import com.google.gson.GsonBuilder;
import com.milvusgke.config.ConfigKey;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded chart-values-&lt;version&gt;.json is what the pinned chart archive says, derived here from the archive
 * (target/milvus-chart.tgz, which `mvn` links to the checked copy before the tests; or MILVUS_CHART_TGZ). After a
 * chart version bump, write it with {@code mvn -B test -Dtest=ChartValueKeysTest -Dmilvusgke.writeChartKeys=true}.
 *
 * Known keys: the chart's values.yaml, plus every {@code .Values.a.b} its templates read (some are only commented
 * out in values.yaml, e.g. service.loadBalancerIP). Open ("*"): a scalar or list, an empty map, whatever a template
 * passes on whole ({{ toYaml }}, {{ range }}, {{ with }} over it), every dependency chart's section (its own chart
 * reads it) and {@code global}.
 */
class ChartValueKeysTest {
    private static final Path RESOURCES = Path.of("src/main/resources/com/milvusgke/milvus");
    private static final Pattern VALUES_REF = Pattern.compile("\\.Values((?:\\.[A-Za-z0-9_]+)+)");
    private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern PASSES_WHOLE = Pattern.compile("\\b(toYaml|range|with|tpl)\\b");

    @Test
    void embeddedKeysAreThePinnedChartsOwn() throws IOException {
        var version = ConfigKey.CHART_VERSION.defaultValue().orElseThrow();
        var archive = chartArchive();
        var derived = derive(readChart(archive));
        var json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(derived) + "\n";
        var resource = RESOURCES.resolve(ChartValueKeys.resourceName(version));
        if (Boolean.getBoolean("milvusgke.writeChartKeys")) {
            Files.writeString(resource, json);
        }
        assertTrue(Files.exists(resource), resource + " is missing: write it with -Dmilvusgke.writeChartKeys=true");
        assertEquals(json, Files.readString(resource), resource + " is not what " + archive + " says: write it with"
                + " mvn -B test -Dtest=ChartValueKeysTest -Dmilvusgke.writeChartKeys=true");
    }

    private static Path chartArchive() {
        var env = System.getenv("MILVUS_CHART_TGZ");
        var archive = env != null ? Path.of(env) : Path.of("target/milvus-chart.tgz");
        assertTrue(Files.exists(archive), "no chart archive at " + archive + ": `mvn` links it in its initialize phase"
                + " (node chart/fetch.mjs), or set MILVUS_CHART_TGZ");
        return archive;
    }

    /** The files of the archive's top-level chart: name relative to the chart directory -> text. */
    static Map<String, String> readChart(Path archive) throws IOException {
        var files = new TreeMap<String, String>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            String longName = null;
            var header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                var name = field(header, 0, 100);
                var prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                byte type = header[156];
                var body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'x' || type == 'L') {
                    var text = new String(body, StandardCharsets.UTF_8);
                    var m = Pattern.compile("\\d+ path=([^\n]*)\n").matcher(text);
                    longName = type == 'L' ? text.replace("\0", "") : m.find() ? m.group(1) : null;
                    continue;
                }
                var path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                if (type == '0' || type == 0) {
                    var slash = path.indexOf('/');
                    files.put(path.substring(slash + 1), new String(body, StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> derive(Map<String, String> chart) {
        var yaml = new Yaml(new LoaderOptions());
        var values = (Map<String, Object>) yaml.load(chart.get("values.yaml"));
        var tree = toTree(values);
        var templates = chart.entrySet().stream().filter(e -> e.getKey().startsWith("templates/")).map(Map.Entry::getValue).toList();
        var open = new java.util.TreeSet<String>();
        for (var text : templates) {
            var refs = VALUES_REF.matcher(text);
            while (refs.find()) {
                add(tree, refs.group(1).substring(1).split("\\."));
            }
            var actions = ACTION.matcher(text);
            while (actions.find()) {
                if (PASSES_WHOLE.matcher(actions.group(1)).find()) {
                    var inner = VALUES_REF.matcher(actions.group(1));
                    while (inner.find()) {
                        open.add(inner.group(1).substring(1));
                    }
                }
            }
        }
        for (var path : open) {
            markOpen(tree, path.split("\\."));
        }
        // Dependency charts (requirements.yaml or Chart.yaml dependencies, by alias) read their own sections.
        var deps = chart.containsKey("requirements.yaml") ? chart.get("requirements.yaml") : chart.get("Chart.yaml");
        var dependencies = (List<Map<String, Object>>) ((Map<String, Object>) yaml.load(deps)).getOrDefault("dependencies", List.of());
        for (var dependency : dependencies) {
            tree.put((String) dependency.getOrDefault("alias", dependency.get("name")), ChartValueKeys.ANY);
        }
        tree.put("global", ChartValueKeys.ANY);
        return sorted(tree);
    }

    private static Map<String, Object> toTree(Map<String, Object> values) {
        var tree = new LinkedHashMap<String, Object>();
        values.forEach((key, value) -> tree.put(key, value instanceof Map<?, ?> m && !m.isEmpty()
                ? toTree(Values.map(value)) : ChartValueKeys.ANY));
        return tree;
    }

    private static void add(Map<String, Object> tree, String[] path) {
        var node = tree;
        for (int i = 0; i < path.length; i++) {
            var existing = node.get(path[i]);
            if (ChartValueKeys.ANY.equals(existing)) {
                return;
            }
            if (existing == null) {
                existing = i == path.length - 1 ? ChartValueKeys.ANY : new LinkedHashMap<String, Object>();
                node.put(path[i], existing);
            }
            if (!(existing instanceof Map<?, ?>)) {
                return;
            }
            node = Values.map(existing);
        }
    }

    private static void markOpen(Map<String, Object> tree, String[] path) {
        var node = tree;
        for (int i = 0; i < path.length - 1; i++) {
            if (!(node.get(path[i]) instanceof Map<?, ?> below)) {
                return;
            }
            node = Values.map(below);
        }
        if (node.containsKey(path[path.length - 1])) {
            node.put(path[path.length - 1], ChartValueKeys.ANY);
        }
    }

    private static Map<String, Object> sorted(Map<String, Object> tree) {
        var out = new TreeMap<String, Object>();
        tree.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> ? sorted(Values.map(v)) : v));
        return out;
    }
}
