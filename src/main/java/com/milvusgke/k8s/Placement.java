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
 */
public record Placement(String namespace, String releaseName, Provider provider) {
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
        if (!annotations.isEmpty()) {
            meta.annotations(annotations);
        }
        return meta.build();
    }

    /** As {@link #metadata(String, Map)}, with annotations that depend on another resource or stack. */
    public ObjectMetaArgs metadata(String name, com.pulumi.core.Output<Map<String, String>> annotations) {
        return ObjectMetaArgs.builder().name(name).namespace(namespace).labels(Labels.forRelease(releaseName))
                .annotations(annotations).build();
    }

    /** Options for a Kubernetes object that is a child of {@code parent}. */
    public CustomResourceOptions.Builder options(Resource parent) {
        return CustomResourceOptions.builder().parent(parent).provider(provider);
    }
}
