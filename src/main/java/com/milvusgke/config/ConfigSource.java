package com.milvusgke.config;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Raw stack configuration as Pulumi stores it: strings (objects as JSON), keyed without the project prefix. */
public interface ConfigSource {

    /**
     * What a {@code secure:} value reads as where it is not decrypted (the offline {@code plan}), the marker Pulumi
     * itself prints for a secret: a key that must be read then gets its own message instead of "is invalid".
     */
    String UNDECRYPTED_SECRET = "[secret]";

    /** The config namespace (the Pulumi project name), used to name keys in error messages. */
    String namespace();

    /** The stack name, e.g. {@code dev}. */
    String stackName();

    Optional<String> get(String key);

    /** Every key set in this namespace (without the prefix), so that a misspelt key is an error, not ignored. */
    Set<String> keys();

    /** Whether the key's value was set in clear text rather than as a secret; false when that is not known. */
    default boolean inClearText(String key) {
        return false;
    }

    /** As {@link #of(com.pulumi.Config, String, Set, Optional)}, not knowing which values are secrets. */
    static ConfigSource of(com.pulumi.Config config, String stackName, Set<String> allKeys) {
        return of(config, stackName, allKeys, Optional.empty());
    }

    /**
     * Wraps the Pulumi SDK's config for the running program.
     *
     * @param allKeys every config key the engine passed, qualified ({@code namespace:key}); other namespaces are
     *                ignored
     */
    static ConfigSource of(com.pulumi.Config config, String stackName, Set<String> allKeys, Optional<Set<String>> secretKeys) {
        var prefix = config.getName() + ":";
        var keys = new TreeSet<String>();
        allKeys.stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).forEach(keys::add);
        var ownKeys = Set.copyOf(keys);
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

            @Override
            public Set<String> keys() {
                return ownKeys;
            }

            @Override
            public boolean inClearText(String key) {
                return secretKeys.isPresent() && ownKeys.contains(key) && !secretKeys.get().contains(prefix + key);
            }
        };
    }

    /**
     * Which config keys are secrets, as the language host tells the program ({@code PULUMI_CONFIG_SECRET_KEYS}, a JSON
     * array of qualified keys); empty (not known) when the variable is absent or unreadable.
     */
    static Optional<Set<String>> engineSecretKeys(String secretKeysJson) {
        if (secretKeysJson == null || secretKeysJson.isBlank()) {
            return Optional.empty();
        }
        try {
            var list = new Gson().fromJson(secretKeysJson, java.util.List.class);
            if (list == null) {
                return Optional.empty();
            }
            var keys = new TreeSet<String>();
            list.forEach(k -> keys.add(String.valueOf(k).replaceFirst("^([^:]+):config:", "$1:")));
            return Optional.of(Set.copyOf(keys));
        } catch (JsonParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The config keys the Pulumi engine passes a program it runs: the language host hands them over as a JSON
     * object in {@code PULUMI_CONFIG}. Keys read {@code namespace:key} ({@code namespace:config:key} from older
     * engines is normalized). Empty when the variable is absent or unreadable.
     */
    static Set<String> engineKeys(String pulumiConfigJson) {
        if (pulumiConfigJson == null || pulumiConfigJson.isBlank()) {
            return Set.of();
        }
        try {
            Map<?, ?> map = new Gson().fromJson(pulumiConfigJson, Map.class);
            var keys = new TreeSet<String>();
            if (map != null) {
                map.keySet().forEach(k -> keys.add(String.valueOf(k).replaceFirst("^([^:]+):config:", "$1:")));
            }
            return Set.copyOf(keys);
        } catch (JsonParseException e) {
            return Set.of();
        }
    }
}
