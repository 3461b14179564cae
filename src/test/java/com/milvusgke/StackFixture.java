package com.milvusgke;

import com.milvusgke.plan.PlaceholderMocks;
import com.milvusgke.plan.StackEvaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs the real program under the SDK's mocks with a given config, as `pulumi up` would with that stack config. */
public final class StackFixture {
    public static final String PROJECT = "milvus-gke-l7";

    private StackFixture() {
    }

    /** @param config key/value pairs without the project prefix, e.g. "domain", "milvus.example.com" */
    public static StackEvaluation run(String... config) {
        return run(Set.of(), config);
    }

    public static StackEvaluation run(Set<String> secretKeys, String... config) {
        return run(new PlaceholderMocks(List.of("kubeconfig")), secretKeys, config);
    }

    /** With the given provider stand-ins, e.g. another stack whose outputs are not secrets. */
    public static StackEvaluation run(PlaceholderMocks mocks, Set<String> secretKeys, String... config) {
        var values = new LinkedHashMap<String, String>();
        for (int i = 0; i < config.length; i += 2) {
            values.put(PROJECT + ":" + config[i], config[i + 1]);
        }
        var secrets = secretKeys.stream().map(k -> PROJECT + ":" + k).collect(java.util.stream.Collectors.toSet());
        return StackEvaluation.run(PROJECT, "dev", values, secrets, mocks, App::program);
    }

    public static Map<String, Object> map(Object value) {
        @SuppressWarnings("unchecked")
        var map = (Map<String, Object>) value;
        return map;
    }
}
