package com.milvusgke.k8s;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ResourceArgs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** apiVersion, kind, metadata and spec of a custom resource, the shape pulumi-kubernetes expects. */
public final class KubernetesCustomResourceArgs extends ResourceArgs {

    @Import(name = "apiVersion", required = true)
    private Output<String> apiVersion;

    @Import(name = "kind", required = true)
    private Output<String> kind;

    @Import(name = "metadata", required = true)
    private Output<ObjectMetaArgs> metadata;

    @Import(name = "spec", required = true)
    private Output<Map<String, Object>> spec;

    private final String apiVersionValue;
    private final String kindValue;

    private KubernetesCustomResourceArgs(String apiVersion, String kind, ObjectMetaArgs metadata, Map<String, Object> spec) {
        this.apiVersionValue = Objects.requireNonNull(apiVersion, "apiVersion");
        this.kindValue = Objects.requireNonNull(kind, "kind");
        this.apiVersion = Output.of(apiVersion);
        this.kind = Output.of(kind);
        this.metadata = Output.of(Objects.requireNonNull(metadata, "metadata"));
        this.spec = Output.of(Collections.unmodifiableMap(new LinkedHashMap<>(spec)));
    }

    /**
     * @param apiVersion e.g. {@code cloud.google.com/v1}
     * @param kind       e.g. {@code BackendConfig}
     * @param spec       plain values only: everything a custom resource spec needs here is known at preview
     */
    public static KubernetesCustomResourceArgs of(String apiVersion, String kind, ObjectMetaArgs metadata, Map<String, Object> spec) {
        return new KubernetesCustomResourceArgs(apiVersion, kind, metadata, spec);
    }

    /** The Pulumi type token pulumi-kubernetes uses for any object: {@code kubernetes:<apiVersion>:<kind>}. */
    String typeToken() {
        return "kubernetes:" + apiVersionValue + ":" + kindValue;
    }
}
