package com.milvusgke.config;

import com.pulumi.exceptions.RunException;

import java.util.List;

/**
 * Invalid stack configuration. A RunException, so Pulumi prints only the message (no stack trace); every
 * problem found is listed, each naming the key, the value and what is allowed.
 */
public final class ConfigException extends RunException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return "invalid stack configuration: " + problems.get(0);
        }
        return "invalid stack configuration (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems);
    }
}
