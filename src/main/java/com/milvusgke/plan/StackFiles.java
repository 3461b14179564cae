package com.milvusgke.plan;

import com.google.gson.Gson;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pulumi.yaml plus one stack config file, turned into the config the engine would pass the program:
 * {@code namespace:key} to string (objects as JSON), project defaults applied, secure values left encrypted
 * (they read as {@value SecretValue#REDACTED} and are marked secret).
 *
 * @param project    project name (the config namespace)
 * @param stack      stack name
 * @param config     engine-style config
 * @param secretKeys keys whose value was {@code secure:} in the stack file
 */
public record StackFiles(String project, String stack, Map<String, String> config, Set<String> secretKeys) {
    private static final Gson JSON = new Gson();
    /** {@code Pulumi.<stack>.yaml} (or .yml): a stack's config file. */
    static final java.util.regex.Pattern STACK_FILE = java.util.regex.Pattern.compile("Pulumi\\.(.+)\\.ya?ml");

    /** Thrown for a missing or malformed file; the message says which and why. */
    public static final class StackFileException extends Exception {
        public StackFileException(String message) {
            super(message);
        }
    }

    /** {@code Pulumi.yaml} (or .yml): the project file, which declares the settings but holds no stack's values. */
    static final java.util.regex.Pattern PROJECT_FILE = java.util.regex.Pattern.compile("Pulumi\\.ya?ml");

    /**
     * Refuses, before anything is read, what is not a stack file: a directory, or the project file (whose `config:`
     * block declares settings, so reading it as a stack's values gives one bogus problem per declaration).
     */
    static void checkIsStackFile(Path file) throws StackFileException {
        var name = file.getFileName() == null ? "" : file.getFileName().toString();
        var dir = Files.isDirectory(file) ? file : Optional.ofNullable(file.getParent()).orElse(Path.of(""));
        var stacks = stacksIn(dir).map(names -> " (" + (Files.isDirectory(file) ? "in it" : "beside it") + ": "
                + String.join(", ", names.stream().map(n -> "Pulumi." + n + ".yaml").toList()) + ")").orElse("");
        if (Files.isDirectory(file)) {
            throw new StackFileException("--config " + file + " is a directory; give a stack file, Pulumi.<stack>.yaml" + stacks);
        }
        if (PROJECT_FILE.matcher(name).matches()) {
            throw new StackFileException("--config " + file + " is the project file, which declares the settings; give a stack file,"
                    + " Pulumi.<stack>.yaml" + stacks + ", or --stack NAME");
        }
    }

    /** The project's name in {@code Pulumi.yaml}: the namespace of its config keys. */
    public static String projectName(Path projectFile) throws StackFileException {
        return projectName(readYaml(projectFile), projectFile);
    }

    private static String projectName(Map<String, Object> project, Path projectFile) throws StackFileException {
        if (project.get("name") instanceof String name && !name.isBlank()) {
            return name;
        }
        throw new StackFileException(projectFile + ": no project name");
    }

    public static StackFiles load(Path projectFile, Path stackFile, String stack) throws StackFileException {
        var project = readYaml(projectFile);
        var projectName = projectName(project, projectFile);
        var config = new TreeMap<String, String>();
        var secrets = new HashSet<String>();

        // Project-level declarations: `key: {type, default}` or the shorthand `key: value`.
        if (project.get("config") instanceof Map<?, ?> declared) {
            declared.forEach((key, declaration) -> {
                var fullKey = qualify(projectName, String.valueOf(key));
                if (declaration instanceof Map<?, ?> d) {
                    if (d.containsKey("default")) {
                        config.put(fullKey, text(d.get("default")));
                    } else if (d.containsKey("value")) {
                        config.put(fullKey, text(d.get("value")));
                    }
                } else if (declaration != null) {
                    config.put(fullKey, text(declaration));
                }
            });
        }

        var stackConfig = readYaml(stackFile).get("config");
        if (stackConfig != null && !(stackConfig instanceof Map<?, ?>)) {
            throw new StackFileException(stackFile + ": `config` must be a mapping");
        }
        if (stackConfig instanceof Map<?, ?> values) {
            for (var entry : values.entrySet()) {
                var fullKey = qualify(projectName, String.valueOf(entry.getKey()));
                var redacted = redactSecure(entry.getValue());
                if (redacted.secret) {
                    secrets.add(fullKey);
                }
                config.put(fullKey, text(redacted.value));
            }
        }
        return new StackFiles(projectName, stack, Collections.unmodifiableMap(config), Set.copyOf(secrets));
    }

    /** Values of keys in this project's namespace, keyed without the prefix. */
    public String projectValue(String key, String fallback) {
        return config.getOrDefault(project + ":" + key, fallback);
    }

    private record Redacted(Object value, boolean secret) {
    }

    /** Replaces every {@code {secure: ...}} (at any depth) with the redaction marker. */
    private static Redacted redactSecure(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("secure")) {
                return new Redacted(SecretValue.REDACTED, true);
            }
            var copy = new TreeMap<String, Object>();
            boolean secret = false;
            for (var e : map.entrySet()) {
                var inner = redactSecure(e.getValue());
                secret |= inner.secret;
                copy.put(String.valueOf(e.getKey()), inner.value);
            }
            return new Redacted(copy, secret);
        }
        if (value instanceof List<?> list) {
            boolean secret = false;
            var copy = new java.util.ArrayList<Object>();
            for (var item : list) {
                var inner = redactSecure(item);
                secret |= inner.secret;
                copy.add(inner.value);
            }
            return new Redacted(copy, secret);
        }
        return new Redacted(value, false);
    }

    private static String qualify(String project, String key) {
        return key.contains(":") ? key : project + ":" + key;
    }

    /**
     * What the engine hands the program: strings as they are, everything else as JSON. A key with no value ({@code domain:},
     * YAML null) is the empty string, as the Pulumi CLI treats it (3.274.1 warns "No value for configuration keys ...
     * currently treated as an empty string"), not the text "null".
     */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return JSON.toJson(value);
        }
        return String.valueOf(value);
    }

    private static Map<String, Object> readYaml(Path file) throws StackFileException {
        if (!Files.isRegularFile(file)) {
            throw new StackFileException(file + ": no such file");
        }
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (loaded == null) {
                return Map.of();
            }
            if (!(loaded instanceof Map<?, ?>)) {
                throw new StackFileException(file + ": expected a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            var map = (Map<String, Object>) loaded;
            return map;
        } catch (MarkedYAMLException e) {
            throw new StackFileException(describe(file, e));
        } catch (YAMLException e) {
            throw new StackFileException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("unreadable") + ")");
        } catch (IOException e) {
            throw new StackFileException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** {@code file:line:column: problem (while reading the mapping that starts at line L)}, lines counted from 1. */
    static String describe(Path file, MarkedYAMLException e) {
        var mark = e.getProblemMark();
        var where = mark == null ? file.toString() : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
        var problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
        var context = e.getContext() == null ? "" : " (" + e.getContext()
                + (e.getContextMark() == null ? "" : " that starts at line " + (e.getContextMark().getLine() + 1)) + ")";
        return where + ": not valid YAML: " + problem + context;
    }

    /** The stacks that have a {@code Pulumi.<stack>.yaml} in the directory, sorted; empty when there are none. */
    static Optional<List<String>> stacksIn(Path projectDir) {
        var dir = projectDir.toString().isEmpty() ? Path.of(".") : projectDir;
        try (var entries = Files.list(dir)) {
            var names = entries.map(p -> p.getFileName().toString())
                    .map(STACK_FILE::matcher)
                    .filter(java.util.regex.Matcher::matches)
                    .map(m -> m.group(1))
                    .sorted()
                    .toList();
            return names.isEmpty() ? Optional.empty() : Optional.of(names);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
