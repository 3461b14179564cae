package com.milvusgke.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Optional;

/**
 * What proves that a Kubernetes object is a stack's own: a mark only the stack's own writes leave, not its labels.
 *
 * <p>Every object the stack declares carries the annotation {@value #STACK_ANNOTATION} = {@code org/project/stack}.
 * A copy carries it too (the offline plan's manifests do, and so does anything templated from them), so the
 * annotation counts only when the API server's own record, {@code metadata.managedFields}, says a field manager of
 * the Pulumi Kubernetes provider wrote it: {@code pulumi-kubernetes-<random>} under server-side apply (kept in the
 * stack's state for the object), {@code pulumi-kubernetes} under client-side apply. {@code kubectl apply} of the same
 * file records {@code kubectl-client-side-apply} or {@code kubectl}, {@code helm} records its own name. Only a
 * deliberate {@code --field-manager=pulumi-kubernetes...} forges it.
 *
 * <p>{@value #ADOPTED_ANNOTATION} marks, in the same way, an object the stack took over from someone else
 * ({@code adoptExistingObjects}): after the first {@code up} it carries the stack's own marks, so this is what still
 * says, on every later {@code up}, that {@code destroy} must leave it.
 */
public final class Ownership {
    /** The stack that declares the object: {@code org/project/stack}. */
    public static final String STACK_ANNOTATION = "milvus-gke-l7.io/stack";
    /** Present ({@code "true"}) on an object the stack took over rather than created. */
    public static final String ADOPTED_ANNOTATION = "milvus-gke-l7.io/adopted";
    /**
     * The Helm release's mark, in its values: {@code milvusGkeL7: {stack: org/project/stack}}. The chart reads no such
     * key; Helm keeps it in every revision it records, where the check reads the latest one.
     */
    public static final String RELEASE_VALUES_KEY = "milvusGkeL7";
    public static final String RELEASE_VALUES_STACK = "stack";
    /** The Pulumi Kubernetes provider's field managers: {@code pulumi-kubernetes} and {@code pulumi-kubernetes-*}. */
    static final String PULUMI_FIELD_MANAGER = "pulumi-kubernetes";

    private Ownership() {
    }

    /** {@code org/project/stack}, as Pulumi names a stack. */
    public static String stackIdentity(String organization, String project, String stack) {
        return organization + "/" + project + "/" + stack;
    }

    /**
     * The stack whose Pulumi provider wrote {@code annotation} on the object, or empty: no such annotation, or one
     * written by someone else (a copy).
     *
     * @param metadata the object's {@code metadata}
     */
    static Optional<String> writtenByPulumi(JsonObject metadata, String annotation) {
        var annotations = metadata.getAsJsonObject("annotations");
        if (annotations == null || !annotations.has(annotation) || !annotations.get(annotation).isJsonPrimitive()) {
            return Optional.empty();
        }
        var managedFields = metadata.getAsJsonArray("managedFields");
        if (managedFields == null) {
            return Optional.empty();
        }
        for (JsonElement entry : managedFields) {
            var fields = entry.getAsJsonObject();
            var manager = fields.has("manager") ? fields.get("manager").getAsString() : "";
            if (isPulumiManager(manager) && ownsAnnotation(fields.getAsJsonObject("fieldsV1"), annotation)) {
                return Optional.of(annotations.get(annotation).getAsString());
            }
        }
        return Optional.empty();
    }

    static boolean isPulumiManager(String manager) {
        return manager.equals(PULUMI_FIELD_MANAGER) || manager.startsWith(PULUMI_FIELD_MANAGER + "-");
    }

    /** managedFields' fieldsV1: {@code {"f:metadata": {"f:annotations": {"f:<key>": {}}}}}. */
    private static boolean ownsAnnotation(JsonObject fieldsV1, String annotation) {
        if (fieldsV1 == null) {
            return false;
        }
        var meta = fieldsV1.getAsJsonObject("f:metadata");
        var annotations = meta == null ? null : meta.getAsJsonObject("f:annotations");
        return annotations != null && annotations.has("f:" + annotation);
    }
}
