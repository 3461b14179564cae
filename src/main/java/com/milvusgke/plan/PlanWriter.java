package com.milvusgke.plan;

import com.milvusgke.k8s.YamlText;
import com.google.gson.GsonBuilder;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an evaluated stack as files a reviewer (or a policy check) reads: plan.json, one manifest per
 * Kubernetes object, and the Helm release's values and chart. Every secret is {@value SecretValue#REDACTED}, and every
 * value only a cloud knows is marked {@value Placeholders#LABEL}.
 * Same evaluation, same bytes: maps are sorted, order is construction order, nothing depends on time.
 */
final class PlanWriter {
    static final String RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
    private static final String KUBERNETES_PREFIX = "kubernetes:";

    private PlanWriter() {
    }

    /** One Kubernetes object the stack declares directly, with the file it is written to. */
    record Manifest(String fileName, String kind, String namespace, String name, Map<String, Object> body) {
    }

    static void write(Path dir, StackFiles files, StackEvaluation evaluation) throws IOException {
        Files.createDirectories(dir);
        writeString(dir.resolve("plan.json"), planJson(files, evaluation));
        var manifestDir = dir.resolve("manifests");
        for (var manifest : manifests(evaluation)) {
            Files.createDirectories(manifestDir);
            writeString(manifestDir.resolve(manifest.fileName()), yaml().dump(manifest.body()));
        }
        for (var release : evaluation.ofType(RELEASE_TYPE)) {
            Files.createDirectories(dir.resolve("helm"));
            var releaseName = String.valueOf(release.input("name"));
            writeString(dir.resolve("helm").resolve(releaseName + ".values.yaml"), yaml().dump(redact(release.input("values"))));
            var chart = new LinkedHashMap<String, Object>();
            chart.put("repo", release.input("repositoryOpts", "repo"));
            chart.put("chart", release.input("chart"));
            chart.put("version", release.input("version"));
            chart.put("name", releaseName);
            chart.put("namespace", release.input("namespace"));
            writeString(dir.resolve("helm").resolve(releaseName + ".chart.json"), json(chart));
        }
    }

    static String planJson(StackFiles files, StackEvaluation evaluation) {
        var resources = new ArrayList<Map<String, Object>>();
        for (var r : evaluation.resources()) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("type", r.type());
            entry.put("name", r.name());
            entry.put("parent", r.parent().orElse(null));
            entry.put("dependsOn", r.dependsOn());
            entry.put("custom", r.custom());
            entry.put("protect", r.protect());
            entry.put("retainOnDelete", r.retainOnDelete());
            entry.put("provider", r.provider().orElse(null));
            entry.put("version", r.version().orElse(null));
            entry.put("importId", r.importId().orElse(null));
            entry.put("ignoreChanges", r.ignoreChanges());
            entry.put("customTimeouts", r.customTimeouts().isEmpty() ? null : r.customTimeouts());
            entry.put("inputs", redact(r.inputs()));
            entry.put("secretPaths", r.secretPaths());
            resources.add(entry);
        }
        var plan = new LinkedHashMap<String, Object>();
        plan.put("project", files.project());
        plan.put("stack", files.stack());
        plan.put("resources", resources);
        plan.put("outputs", redact(evaluation.outputs()));
        plan.put("warnings", evaluation.warnings());
        return json(plan);
    }

    /**
     * Kinds in a valid apply order (what an object refers to comes first). A manifest's number is its kind's place
     * here, so the same object has the same file name in every stack and {@code diff -r plan/dev plan/prod} pairs
     * them; objects of one kind are ordered by name.
     */
    static final List<String> APPLY_ORDER = List.of("Namespace", "Secret", "ConfigMap", "Service", "BackendConfig",
            "FrontendConfig", "ManagedCertificate", "Ingress");
    private static final int OTHER_KINDS = 99;

    /** Kubernetes objects declared directly (not the Helm release, not providers), in apply order. */
    static List<Manifest> manifests(StackEvaluation evaluation) {
        var manifests = new ArrayList<Manifest>();
        for (var r : evaluation.resources()) {
            if (!r.custom() || !r.type().startsWith(KUBERNETES_PREFIX) || r.type().equals(RELEASE_TYPE)) {
                continue;
            }
            var body = new LinkedHashMap<String, Object>();
            body.put("apiVersion", r.input("apiVersion"));
            body.put("kind", r.input("kind"));
            new TreeMap<>(r.inputs()).forEach((key, value) -> {
                if (!key.equals("apiVersion") && !key.equals("kind")) {
                    body.put(key, redactSecretData(key, value));
                }
            });
            var kind = String.valueOf(r.input("kind"));
            var name = String.valueOf(r.input("metadata", "name"));
            var namespace = String.valueOf(r.input("metadata", "namespace"));
            var fileName = String.format("%02d-%s-%s.yaml", rank(kind), kind.toLowerCase(), name);
            manifests.add(new Manifest(fileName, kind, namespace, name, body));
        }
        manifests.sort(java.util.Comparator.comparing(Manifest::fileName));
        return manifests;
    }

    private static int rank(String kind) {
        int index = APPLY_ORDER.indexOf(kind);
        return index < 0 ? OTHER_KINDS : index + 1;
    }

    /** Secret data keeps its keys (useful in review) but never a value. */
    private static Object redactSecretData(String key, Object value) {
        if ((key.equals("data") || key.equals("stringData")) && value instanceof SecretValue secret
                && secret.value() instanceof Map<?, ?> map) {
            var keys = new TreeMap<String, Object>();
            map.keySet().forEach(k -> keys.put(String.valueOf(k), SecretValue.REDACTED));
            return keys;
        }
        return redact(value);
    }

    /**
     * The tree as the plan writes it: every secret replaced by the redaction marker, and every placeholder labelled
     * ({@link Placeholders#labelled}).
     */
    static Object redact(Object value) {
        if (value instanceof SecretValue) {
            return SecretValue.REDACTED;
        }
        if (value instanceof Map<?, ?> map) {
            var copy = new TreeMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), redact(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PlanWriter::redact).toList();
        }
        return Placeholders.labelled(value);
    }

    static String json(Object value) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(value) + "\n";
    }

    static Yaml yaml() {
        return YamlText.yaml(YamlText.REVIEW_WIDTH, true);
    }

    private static void writeString(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
