package com.milvusgke.k8s;

import java.io.IOException;

/** Read-only access to a Kubernetes API server: the few GETs the stack's checks need. */
public interface KubeApi {
    /**
     * @param path API path with query, e.g. {@code /api/v1/namespaces/default/secrets/x}
     * @return the status code and body
     * @throws IOException when the server cannot be reached
     */
    Response get(String path) throws IOException;

    record Response(int status, String body) {
    }
}
