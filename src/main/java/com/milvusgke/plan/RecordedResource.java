package com.milvusgke.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource as the program registered it with the engine: exactly what a provider would receive.
 *
 * @param type      Pulumi type token
 * @param name      logical name
 * @param parent    logical name of the parent, empty for children of the stack
 * @param custom    a provider resource (true) or a component (false)
 * @param dependsOn logical names this resource waits for (explicit and through its inputs)
 * @param inputs    decoded inputs; secrets are {@link SecretValue}
 * @param protect   whether `pulumi destroy` refuses to delete it
 * @param retainOnDelete whether `pulumi destroy` leaves it in place (forgets it instead of deleting it)
 * @param provider  logical name of an explicit provider, if any
 * @param version   provider plugin version requested, if any
 * @param importId  ID of an existing object this resource adopts, if any
 * @param ignoreChanges inputs whose changes are ignored
 * @param customTimeouts the create, update and delete timeouts the program gave, as the engine receives them (e.g.
 *                      {@code create -> "30m0s"}); empty when it gave none
 */
public record RecordedResource(
        String type,
        String name,
        Optional<String> parent,
        boolean custom,
        List<String> dependsOn,
        Map<String, Object> inputs,
        boolean protect,
        boolean retainOnDelete,
        Optional<String> provider,
        Optional<String> version,
        Optional<String> importId,
        List<String> ignoreChanges,
        Map<String, String> customTimeouts
) {
    /** The input at a path of keys (e.g. "metadata", "annotations"); secrets come back as {@link SecretValue}. */
    public Object input(String... path) {
        Object current = inputs;
        for (var part : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    public List<String> secretPaths() {
        return StructDecoder.secretPaths(inputs, "", new java.util.ArrayList<>());
    }
}
