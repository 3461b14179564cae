package com.milvusgke.stack;

import com.milvusgke.config.CertificateMode;
import com.milvusgke.gke.MilvusBackend;
import com.milvusgke.gke.MilvusFrontend;
import com.milvusgke.gke.MilvusRestApi;
import com.milvusgke.k8s.DeclaredObject;
import com.milvusgke.milvus.MilvusService;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of the Kubernetes objects the stack declares directly, defined once: the components create them under
 * these names, and the cluster check looks for someone else's objects under the same names.
 *
 * <p>With {@code adoptExistingObjects} the BackendConfig and the ManagedCertificate take the names the Milvus guide
 * gives them ({@code <release>-backendconfig}, {@code <service>-tls}), so that taking over a hand-made setup leaves
 * none of the guide's objects behind; the TLS Secret ({@code <service>-tls}) and the Ingress ({@code <service>})
 * have the guide's names in every stack.
 *
 * @param tlsSecret     the kubernetes.io/tls Secret Milvus serves (and, self-managed, the load balancer presents)
 * @param backendConfig the Milvus Service's BackendConfig
 * @param frontend      the Ingress, its FrontendConfig and ManagedCertificate
 * @param restService   the REST API's Service (when served)
 * @param rootCredentials the Secret with Milvus's root password (with authentication on)
 */
public record ObjectNames(String tlsSecret, String backendConfig, MilvusFrontend.Names frontend, String restService,
                          String rootCredentials) {

    public static ObjectNames of(MilvusService service, String releaseName, boolean guideNames) {
        var svc = service.name();
        return new ObjectNames(
                svc + "-tls",
                guideNames ? releaseName + "-backendconfig" : svc + "-backend",
                new MilvusFrontend.Names(svc, svc + "-frontend", guideNames ? svc + "-tls" : svc + "-cert"),
                svc + "-rest",
                svc + "-root-credentials");
    }

    /** Every object the stack declares in {@code namespace} with these settings. */
    public List<DeclaredObject> declared(String namespace, CertificateMode mode, boolean restApi, boolean authentication) {
        var objects = new ArrayList<DeclaredObject>();
        objects.add(new DeclaredObject("v1", "Secret", "secrets", namespace, tlsSecret));
        if (authentication) {
            objects.add(new DeclaredObject("v1", "Secret", "secrets", namespace, rootCredentials));
        }
        objects.add(backendConfig(namespace, backendConfig));
        if (mode == CertificateMode.GOOGLE_MANAGED) {
            objects.add(new DeclaredObject(MilvusFrontend.MANAGED_CERTIFICATE_API, "ManagedCertificate", "managedcertificates",
                    namespace, frontend.managedCertificate()));
        }
        objects.add(new DeclaredObject(MilvusFrontend.FRONTEND_CONFIG_API, "FrontendConfig", "frontendconfigs", namespace,
                frontend.frontendConfig()));
        objects.add(new DeclaredObject("networking.k8s.io/v1", "Ingress", "ingresses", namespace, frontend.ingress()));
        if (restApi) {
            objects.add(new DeclaredObject("v1", "Service", "services", namespace, restService));
            objects.add(backendConfig(namespace, MilvusRestApi.backendConfigName(restService)));
        }
        return objects;
    }

    private static DeclaredObject backendConfig(String namespace, String name) {
        return new DeclaredObject(MilvusBackend.API_VERSION, MilvusBackend.KIND, "backendconfigs", namespace, name);
    }
}
