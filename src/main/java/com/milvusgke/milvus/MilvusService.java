package com.milvusgke.milvus;

/**
 * The Kubernetes Service the Milvus chart creates for client traffic, as the chart names it.
 *
 * @param name      Service name (the chart's fullname)
 * @param namespace namespace of the release
 * @param portName  name of the gRPC/HTTP port; GKE's app-protocols annotation is keyed by it
 * @param port      Service port clients use (19530 by default)
 */
public record MilvusService(String name, String namespace, String portName, int port) {
}
