package com.milvusgke.k8s;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.kubernetes.meta.v1.outputs.ObjectMeta;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;

import javax.annotation.Nullable;

/**
 * Any Kubernetes custom resource (BackendConfig, ManagedCertificate, FrontendConfig, ...), registered with
 * pulumi-kubernetes under {@code kubernetes:<apiVersion>:<kind>}. The Java SDK 4.0.0 has no generic
 * CustomResource class, and the provider accepts any apiVersion/kind under that token.
 */
public class KubernetesCustomResource extends CustomResource {

    @Export(name = "apiVersion", refs = {String.class}, tree = "[0]")
    private Output<String> apiVersion;

    @Export(name = "kind", refs = {String.class}, tree = "[0]")
    private Output<String> kind;

    @Export(name = "metadata", refs = {ObjectMeta.class}, tree = "[0]")
    private Output<ObjectMeta> metadata;

    public KubernetesCustomResource(String name, KubernetesCustomResourceArgs args, @Nullable CustomResourceOptions options) {
        super(args.typeToken(), name, args, options);
    }

    public Output<String> apiVersion() {
        return apiVersion;
    }

    public Output<String> kind() {
        return kind;
    }

    public Output<ObjectMeta> metadata() {
        return metadata;
    }

}
