package com.milvusgke.config;

import java.util.Optional;

/** Raw stack configuration as Pulumi stores it: strings (objects as JSON), keyed without the project prefix. */
public interface ConfigSource {

    /** The config namespace (the Pulumi project name), used to name keys in error messages. */
    String namespace();

    /** The stack name, e.g. {@code dev}. */
    String stackName();

    Optional<String> get(String key);

    /** Wraps the Pulumi SDK's config for the running program. */
    static ConfigSource of(com.pulumi.Config config, String stackName) {
        return new ConfigSource() {
            @Override
            public String namespace() {
                return config.getName();
            }

            @Override
            public String stackName() {
                return stackName;
            }

            @Override
            public Optional<String> get(String key) {
                return config.get(key);
            }
        };
    }
}
