package com.milvusgke.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a kubeconfig that say how to reach and authenticate to its current context's API server, as
 * {@code kubectl} reads them: server and CA (data or file, or insecure), and a token, a token file, a client
 * certificate and key (data or files), or an exec credential plugin (GKE's {@code gke-gcloud-auth-plugin}).
 *
 * @param server       the API server's URL
 * @param caPem        the CA certificates (PEM) to trust, if given
 * @param insecure     {@code insecure-skip-tls-verify}
 * @param token        a bearer token, if given (or read from {@code tokenFile})
 * @param clientCertPem client certificate (PEM), if given
 * @param clientKeyPem  its private key (PEM), if given
 * @param exec         the exec plugin's command line and environment, if given
 */
public record Kubeconfig(String server, Optional<String> caPem, boolean insecure, Optional<String> token,
                         Optional<String> clientCertPem, Optional<String> clientKeyPem, Optional<Exec> exec) {

    /** An exec credential plugin: {@code command args...} with extra environment, speaking {@code apiVersion}. */
    public record Exec(String apiVersion, List<String> commandLine, Map<String, String> env) {
    }

    @Override
    public String toString() {
        return "Kubeconfig[" + server + "]";   // never the credentials
    }

    /** The ambient kubeconfig, as the Kubernetes provider finds it: the first file of $KUBECONFIG, else ~/.kube/config. */
    public static Kubeconfig ambient(Map<String, String> environment) throws IOException {
        var list = environment.getOrDefault("KUBECONFIG", "");
        Path file = null;
        for (var entry : list.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && Files.isRegularFile(Path.of(entry))) {
                file = Path.of(entry);
                break;
            }
        }
        if (file == null) {
            file = Path.of(System.getProperty("user.home"), ".kube", "config");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("no kubeconfig: $KUBECONFIG names no file and " + file + " does not exist");
        }
        return parse(Files.readString(file), file.toAbsolutePath().getParent());
    }

    /**
     * @param text kubeconfig YAML or JSON, or the path of a file holding it (the provider accepts both)
     * @param base directory that relative file names in it are relative to
     */
    public static Kubeconfig parse(String text, Path base) throws IOException {
        var trimmed = text.strip();
        if (!trimmed.contains("\n") && !trimmed.startsWith("{") && Files.isRegularFile(Path.of(trimmed))) {
            var file = Path.of(trimmed).toAbsolutePath();
            return parse(Files.readString(file), file.getParent());
        }
        Object loaded;
        try {
            loaded = YamlText.yaml(YamlText.DEFAULT_WIDTH, false).load(text);
        } catch (RuntimeException e) {
            throw new IOException("the kubeconfig is not YAML or JSON");
        }
        if (!(loaded instanceof Map<?, ?> root)) {
            throw new IOException("the kubeconfig is not a mapping");
        }
        var current = string(root, "current-context").orElseThrow(() -> new IOException("the kubeconfig has no current-context"));
        var context = named(root, "contexts", current, "context");
        var cluster = named(root, "clusters", string(context, "cluster").orElse(""), "cluster");
        var user = string(context, "user").isPresent() ? named(root, "users", string(context, "user").get(), "user") : Map.of();
        var server = string(cluster, "server").orElseThrow(() -> new IOException("cluster of context " + current + " has no server"));
        return new Kubeconfig(server,
                dataOrFile(cluster, "certificate-authority-data", "certificate-authority", base),
                Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify")),
                string(user, "token").isPresent() ? string(user, "token") : file(user, "tokenFile", base).map(String::strip),
                dataOrFile(user, "client-certificate-data", "client-certificate", base),
                dataOrFile(user, "client-key-data", "client-key", base),
                exec(user));
    }

    private static Optional<Exec> exec(Map<?, ?> user) throws IOException {
        if (!(user.get("exec") instanceof Map<?, ?> exec)) {
            return Optional.empty();
        }
        var command = new ArrayList<String>();
        command.add(string(exec, "command").orElseThrow(() -> new IOException("exec plugin without command")));
        if (exec.get("args") instanceof List<?> args) {
            args.forEach(a -> command.add(String.valueOf(a)));
        }
        var env = new LinkedHashMap<String, String>();
        if (exec.get("env") instanceof List<?> entries) {
            for (var entry : entries) {
                if (entry instanceof Map<?, ?> e) {
                    env.put(String.valueOf(e.get("name")), String.valueOf(e.get("value")));
                }
            }
        }
        return Optional.of(new Exec(string(exec, "apiVersion").orElse("client.authentication.k8s.io/v1"), command, env));
    }

    private static Map<?, ?> named(Map<?, ?> root, String list, String name, String field) throws IOException {
        if (root.get(list) instanceof List<?> entries) {
            for (var entry : entries) {
                if (entry instanceof Map<?, ?> e && name.equals(e.get("name")) && e.get(field) instanceof Map<?, ?> value) {
                    return value;
                }
            }
        }
        throw new IOException("the kubeconfig has no " + field + " named '" + name + "'");
    }

    private static Optional<String> string(Map<?, ?> map, String key) {
        var value = map.get(key);
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    private static Optional<String> file(Map<?, ?> map, String key, Path base) throws IOException {
        var name = string(map, key);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(base == null ? Path.of(name.get()) : base.resolve(name.get())));
    }

    private static Optional<String> dataOrFile(Map<?, ?> map, String dataKey, String fileKey, Path base) throws IOException {
        var data = string(map, dataKey);
        if (data.isPresent()) {
            return Optional.of(new String(Base64.getMimeDecoder().decode(data.get()), java.nio.charset.StandardCharsets.UTF_8));
        }
        return file(map, fileKey, base);
    }
}
