package com.milvusgke.k8s;

import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.Map;
import java.util.Objects;

/**
 * Where this stack's Kubernetes objects go: the release's namespace, through the stack's explicit provider,
 * labelled as part of the release. Shared by every component that declares Kubernetes objects.
 *
 * @param namespace   namespace of the Milvus release (and of every object that refers to its Service)
 * @param releaseName Helm release the objects belong to
 * @param provider    the explicit Kubernetes provider
 * @param adoptExisting take over objects made by hand under these names (config {@code adoptExistingObjects}): the
 *                    stack's spec is applied over them, conflicts resolved in its favour, and destroy leaves them
 */
public record Placement(String namespace, String releaseName, Provider provider, boolean adoptExisting) {
    /** pulumi-kubernetes: resolve server-side apply conflicts with other field managers in the stack's favour. */
    static final String PATCH_FORCE = "pulumi.com/patchForce";

    public Placement {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(releaseName, "releaseName");
        Objects.requireNonNull(provider, "provider");
    }

    public ObjectMetaArgs metadata(String name) {
        return metadata(name, Map.of());
    }

    public ObjectMetaArgs metadata(String name, Map<String, String> annotations) {
        var meta = ObjectMetaArgs.builder().name(name).namespace(namespace).labels(Labels.forRelease(releaseName));
        var all = withAdoption(annotations);
        if (!all.isEmpty()) {
            meta.annotations(all);
        }
        return meta.build();
    }

    private Map<String, String> withAdoption(Map<String, String> annotations) {
        if (!adoptExisting) {
            return annotations;
        }
        var all = new java.util.LinkedHashMap<>(annotations);
        all.put(PATCH_FORCE, "true");
        return all;
    }

    /** As {@link #metadata(String, Map)}, with annotations that depend on another resource or stack. */
    public ObjectMetaArgs metadata(String name, com.pulumi.core.Output<Map<String, String>> annotations) {
        return ObjectMetaArgs.builder().name(name).namespace(namespace).labels(Labels.forRelease(releaseName))
                .annotations(annotations.applyValue(this::withAdoption)).build();
    }

    /** Options for a Kubernetes object that is a child of {@code parent}; an adopted object is kept on destroy. */
    public CustomResourceOptions.Builder options(Resource parent) {
        return CustomResourceOptions.builder().parent(parent).provider(provider).retainOnDelete(adoptExisting);
    }
}
