package com.milvusgke.k8s;

/** The GKE annotations this setup relies on, named once. */
public final class GkeAnnotations {
    /** Service: protocol the load balancer speaks to each named port. */
    public static final String APP_PROTOCOLS = "cloud.google.com/app-protocols";
    /** Service: which BackendConfig applies to its ports. */
    public static final String BACKEND_CONFIG = "cloud.google.com/backend-config";
    /** Service: container-native load balancing through network endpoint groups. */
    public static final String NEG = "cloud.google.com/neg";
    public static final String INGRESS_CLASS = "kubernetes.io/ingress.class";
    public static final String GLOBAL_STATIC_IP_NAME = "kubernetes.io/ingress.global-static-ip-name";
    public static final String ALLOW_HTTP = "kubernetes.io/ingress.allow-http";
    public static final String MANAGED_CERTIFICATES = "networking.gke.io/managed-certificates";
    public static final String FRONTEND_CONFIG = "networking.gke.io/v1beta1.FrontendConfig";
    /** app-protocols values: gRPC needs HTTP/2 over TLS; Milvus's REST listener speaks HTTP/1.1 over TLS. */
    public static final String HTTP2 = "HTTP2";
    public static final String HTTPS = "HTTPS";
    /** pulumi-kubernetes: do not wait for the object to become ready (e.g. a Service's endpoints). */
    public static final String PULUMI_SKIP_AWAIT = "pulumi.com/skipAwait";
    /** The external Application Load Balancer class. */
    public static final String GCE_CLASS = "gce";

    private GkeAnnotations() {
    }
}
