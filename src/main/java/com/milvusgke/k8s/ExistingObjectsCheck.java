package com.milvusgke.k8s;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.milvusgke.config.ConfigKey;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Never take over silently: before the stack creates anything, look at what already has the names it declares.
 * <ul>
 *   <li>An object carrying this stack's labels (part-of and instance, {@link Labels}) is the stack's own, from an
 *       earlier {@code up}. Any other object with a declared name was made by someone else: refused, unless
 *       {@code adoptExistingObjects} says to take it over.</li>
 *   <li>The Helm release: one this stack did not install (its stored values lack {@code ownValuesMarker}) is refused
 *       unless {@code existingRelease} says it was installed outside the stack; {@code existingRelease} with no
 *       release there is refused too (there is nothing to adopt, and installing would make destroy keep it).</li>
 * </ul>
 * And the namespace must exist: the stack does not create one (destroy would delete it, and the data in it).
 * The Kubernetes provider would otherwise apply over an existing object (server-side apply "upserts"), so a
 * hand-made Ingress with the same fields would silently become the stack's, and be deleted by destroy.
 *
 * @param objects              the objects the stack declares directly
 * @param releaseNamespace     namespace of the Helm release
 * @param releaseName          the Helm release
 * @param existingRelease      the config says the release was installed outside the stack
 * @param adoptExistingObjects the config says to take over hand-made objects
 * @param ownValuesMarker      a value key only this program puts in the release's values
 */
public record ExistingObjectsCheck(List<DeclaredObject> objects, String releaseNamespace, String releaseName,
                                   boolean existingRelease, boolean adoptExistingObjects, String ownValuesMarker) {
    public ExistingObjectsCheck {
        objects = List.copyOf(objects);
        Objects.requireNonNull(releaseNamespace, "releaseNamespace");
        Objects.requireNonNull(releaseName, "releaseName");
        Objects.requireNonNull(ownValuesMarker, "ownValuesMarker");
    }

    /** The problems found, each naming the object, its namespace and what to do; empty when the stack may go on. */
    public List<String> problems(KubeApi api) throws IOException {
        var problems = new ArrayList<String>();
        var namespace = api.get("/api/v1/namespaces/" + releaseNamespace);
        if (namespace.status() == 404) {
            // The stack does not create namespaces: one it created, destroy would delete, and with it Milvus's data.
            return List.of("the namespace " + releaseNamespace + " does not exist; create it (kubectl create namespace "
                    + releaseNamespace + "), or set " + ConfigKey.NAMESPACE.key() + " to one that exists. The stack does not"
                    + " create namespaces, so that destroy never deletes one holding Milvus's data");
        }
        expectOk("the namespace " + releaseNamespace, namespace);
        var ownLabels = Labels.forRelease(releaseName);
        for (var object : objects) {
            var response = api.get(object.path());
            if (response.status() == 404) {
                continue;
            }
            expectOk(object.toString(), response);
            var labels = JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("metadata").getAsJsonObject("labels");
            if (isOwn(labels, ownLabels) || adoptExistingObjects) {
                continue;
            }
            problems.add(object + " already exists and this stack did not make it (it lacks the labels "
                    + OWNERSHIP_LABELS.stream().map(l -> l + "=" + ownLabels.get(l)).toList()
                    + "). Delete it (kubectl delete " + object.plural() + " " + object.name() + " -n " + object.namespace()
                    + "), or let the stack take it over and keep it on destroy: pulumi config set "
                    + ConfigKey.ADOPT_EXISTING_OBJECTS.key() + " true");
        }
        releaseProblem(api).ifPresent(problems::add);
        return problems;
    }

    /** The labels that say an object is this stack's. */
    static final List<String> OWNERSHIP_LABELS = List.of("app.kubernetes.io/part-of", "app.kubernetes.io/instance");

    private static boolean isOwn(JsonObject labels, Map<String, String> own) {
        if (labels == null) {
            return false;
        }
        return OWNERSHIP_LABELS.stream().allMatch(l -> labels.has(l) && own.get(l).equals(labels.get(l).getAsString()));
    }

    private Optional<String> releaseProblem(KubeApi api) throws IOException {
        var release = releaseNamespace + "/" + releaseName;
        var selector = URLEncoder.encode("owner=helm,name=" + releaseName, StandardCharsets.UTF_8);
        var response = api.get("/api/v1/namespaces/" + releaseNamespace + "/secrets?labelSelector=" + selector);
        if (response.status() == 404) {  // no such namespace yet
            return existingRelease ? Optional.of(noRelease(release)) : Optional.empty();
        }
        expectOk("the Helm release " + release, response);
        JsonObject latest = null;
        int latestVersion = -1;
        for (var item : JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("items")) {
            var secret = item.getAsJsonObject();
            var labels = secret.getAsJsonObject("metadata").getAsJsonObject("labels");
            int version = Integer.parseInt(labels.get("version").getAsString());
            if (!"uninstalled".equals(labels.has("status") ? labels.get("status").getAsString() : "") && version > latestVersion) {
                latest = secret;
                latestVersion = version;
            }
        }
        if (latest == null) {
            return existingRelease ? Optional.of(noRelease(release)) : Optional.empty();
        }
        if (existingRelease || installedByThisProgram(latest)) {
            return Optional.empty();
        }
        return Optional.of("the Helm release " + release + " already exists and this stack did not install it. "
                + "To adopt it (the first up imports it and changes nothing; destroy never uninstalls it): "
                + "pulumi config set " + ConfigKey.EXISTING_RELEASE.key() + " true && pulumi config set "
                + ConfigKey.ADOPT_RELEASE.key() + " true; or choose another " + ConfigKey.RELEASE_NAME.key()
                + " or " + ConfigKey.NAMESPACE.key());
    }

    private String noRelease(String release) {
        return ConfigKey.EXISTING_RELEASE.key() + " is set, but there is no Helm release " + release
                + " to adopt: check " + ConfigKey.RELEASE_NAME.key() + " and " + ConfigKey.NAMESPACE.key()
                + " against `helm list -A`, or unset " + ConfigKey.EXISTING_RELEASE.key() + " (and "
                + ConfigKey.ADOPT_RELEASE.key() + ") to let the stack install Milvus";
    }

    /** Helm keeps each revision in a Secret: base64 (Kubernetes) of base64 (Helm) of gzipped JSON. */
    private boolean installedByThisProgram(JsonObject storageSecret) {
        var encoded = storageSecret.getAsJsonObject("data").get("release").getAsString();
        var helmText = new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII);
        var bytes = Base64.getDecoder().decode(helmText);
        var json = gunzipIfNeeded(bytes);
        var config = JsonParser.parseString(json).getAsJsonObject().get("config");
        return config != null && config.toString().contains("\"" + ownValuesMarker + "\"");
    }

    private static String gunzipIfNeeded(byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expectOk(String what, KubeApi.Response response) throws IOException {
        if (response.status() != 200) {
            throw new IOException("could not read " + what + ": the API server answered " + response.status() + " "
                    + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String text) {
        var oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
