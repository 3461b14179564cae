package com.milvusgke.k8s;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where this stack's Kubernetes objects go: the release's namespace, through the stack's explicit provider,
 * labelled as part of the release and marked as the stack's own ({@link Ownership}). Shared by every component that
 * declares Kubernetes objects.
 *
 * @param namespace     namespace of the Milvus release (and of every object that refers to its Service)
 * @param releaseName   Helm release the objects belong to
 * @param provider      the explicit Kubernetes provider
 * @param adoptExisting take over objects made by hand under these names (config {@code adoptExistingObjects}): the
 *                      stack's spec is applied over them, conflicts resolved in its favour
 * @param stackIdentity this stack, {@code org/project/stack}, written on every object
 * @param takenOver     which objects the cluster check found taken over: destroy leaves those, and only those
 */
public record Placement(String namespace, String releaseName, Provider provider, boolean adoptExisting,
                        String stackIdentity, TakenOver takenOver) {
    /** pulumi-kubernetes: resolve server-side apply conflicts with other field managers in the stack's favour. */
    static final String PATCH_FORCE = "pulumi.com/patchForce";

    public Placement {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(releaseName, "releaseName");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(stackIdentity, "stackIdentity");
        Objects.requireNonNull(takenOver, "takenOver");
    }

    public ObjectMetaArgs metadata(String kind, String name) {
        return metadata(kind, name, Map.of());
    }

    public ObjectMetaArgs metadata(String kind, String name, Map<String, String> annotations) {
        return ObjectMetaArgs.builder().name(name).namespace(namespace).labels(Labels.forRelease(releaseName))
                .annotations(marked(kind, name, annotations)).build();
    }

    /** As {@link #metadata(String, String, Map)}, with annotations that depend on another resource or stack. */
    public ObjectMetaArgs metadata(String kind, String name, Output<Map<String, String>> annotations) {
        return ObjectMetaArgs.builder().name(name).namespace(namespace).labels(Labels.forRelease(releaseName))
                .annotations(annotations.applyValue(a -> marked(kind, name, a))).build();
    }

    /** The object's own annotations, the stack's mark, and, on an object taken over, that mark and the force. */
    private Map<String, String> marked(String kind, String name, Map<String, String> annotations) {
        var all = new LinkedHashMap<>(annotations);
        all.put(Ownership.STACK_ANNOTATION, stackIdentity);
        if (keeps(kind, name)) {
            all.put(Ownership.ADOPTED_ANNOTATION, "true");
        }
        if (adoptExisting) {
            all.put(PATCH_FORCE, "true");
        }
        return all;
    }

    /** Whether destroy leaves the object {@code kind} {@code name}: the stack took it over rather than created it. */
    public boolean keeps(String kind, String name) {
        return takenOver.keeps(kind, namespace, name, adoptExisting);
    }

    /** Options for a Kubernetes object that is a child of {@code parent}, through the stack's provider. */
    public CustomResourceOptions.Builder options(Resource parent) {
        return CustomResourceOptions.builder().parent(parent).provider(provider);
    }

    /** As {@link #options(Resource)}, for the object {@code kind} {@code name}: kept on destroy if it was taken over. */
    public CustomResourceOptions.Builder options(Resource parent, String kind, String name) {
        return options(parent).retainOnDelete(keeps(kind, name));
    }
}
