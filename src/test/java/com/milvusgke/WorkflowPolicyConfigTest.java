package com.milvusgke;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every workflow step that runs the policy pack for a stack passes that stack's pack config
 * ({@code policy/policy-config.<stack>.json}) when it has one: without it, prod's blocking certificate limits are
 * only advisory in CI. Stacks from a matrix are resolved through the matrix's include entries.
 */
class WorkflowPolicyConfigTest {
    private static final String MATRIX_STACK = "${{ matrix.stack }}";

    @SuppressWarnings("unchecked")
    @Test
    void everyPolicyPackRunPassesTheStacksPackConfig() throws IOException {
        var seen = new TreeMap<String, String>();
        try (Stream<Path> files = Files.list(Path.of(".github/workflows"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                Map<String, Object> workflow = new Yaml().load(Files.readString(file));
                var jobs = (Map<String, Map<String, Object>>) workflow.get("jobs");
                for (var job : jobs.entrySet()) {
                    for (var step : (List<Map<String, Object>>) job.getValue().getOrDefault("steps", List.of())) {
                        var uses = String.valueOf(step.get("uses"));
                        var with = (Map<String, Object>) step.getOrDefault("with", Map.of());
                        if (!uses.startsWith("pulumi/actions@") || !with.containsKey("policyPacks")) {
                            continue;
                        }
                        for (var run : runs(job.getValue(), with)) {
                            var where = file.getFileName() + " job " + job.getKey() + " stack " + run.stack();
                            var packConfig = "policy/policy-config." + run.stack() + ".json";
                            var expected = Files.isRegularFile(Path.of(packConfig)) ? packConfig : "";
                            assertEquals(expected, run.packConfig(), where + ": the policy pack runs without the stack's pack config");
                            seen.put(where, run.packConfig());
                        }
                    }
                }
            }
        }
        assertTrue(seen.keySet().stream().filter(w -> w.endsWith("stack prod")).count() >= 2,
                "expected the PR preview and the deploy to run the pack for prod: " + seen);
    }

    record Run(String stack, String packConfig) {
    }

    /** The stacks a step runs for and the pack config it passes each, with {@code ${{ matrix.x }}} resolved. */
    @SuppressWarnings("unchecked")
    private static List<Run> runs(Map<String, Object> job, Map<String, Object> with) {
        var stackName = String.valueOf(with.get("stack-name"));
        var packConfig = String.valueOf(with.getOrDefault("policyPackConfigs", ""));
        var runs = new ArrayList<Run>();
        if (!stackName.endsWith(MATRIX_STACK)) {
            runs.add(new Run(stackName.substring(stackName.lastIndexOf('/') + 1), packConfig));
            return runs;
        }
        var matrix = (Map<String, Object>) ((Map<String, Object>) job.get("strategy")).get("matrix");
        for (var include : (List<Map<String, Object>>) matrix.getOrDefault("include", List.of())) {
            var resolved = packConfig;
            for (var entry : include.entrySet()) {
                resolved = resolved.replace("${{ matrix." + entry.getKey() + " }}", String.valueOf(entry.getValue()));
            }
            assertTrue(!resolved.contains("${{"), "unresolved " + resolved + " for " + include);
            runs.add(new Run(String.valueOf(include.get("stack")), resolved));
        }
        return runs;
    }
}
