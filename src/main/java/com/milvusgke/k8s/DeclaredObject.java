package com.milvusgke.k8s;

import java.util.Objects;

/**
 * A Kubernetes object the stack declares directly, by kind and name: what {@link ExistingObjectsCheck} looks for
 * before the stack creates it.
 *
 * @param apiVersion e.g. {@code v1}, {@code networking.k8s.io/v1}
 * @param kind       e.g. {@code Secret}
 * @param plural     the API's resource name, e.g. {@code secrets}
 * @param namespace  its namespace
 * @param name       its name
 */
public record DeclaredObject(String apiVersion, String kind, String plural, String namespace, String name) {
    public DeclaredObject {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** The object's path on the API server. */
    public String path() {
        var prefix = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        return prefix + "/namespaces/" + namespace + "/" + plural + "/" + name;
    }

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
