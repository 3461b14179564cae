package com.milvusgke.k8s;

import com.google.gson.JsonArray;
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
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Never take over silently: before the stack creates anything, look at what already has the names it declares.
 * <ul>
 *   <li>An object is this stack's own, from an earlier or interrupted {@code up}, only when the Pulumi provider wrote
 *       this stack's identity on it ({@link Ownership}); labels, which any copy of the plan's manifests carries,
 *       never count. An object another stack wrote (another stack of this project included) is refused, naming that
 *       stack, whatever the config says. Any other object with a declared name was made by someone else: refused,
 *       unless {@code adoptExistingObjects} says to take it over; then it is {@link Findings#takenOver()}, and so is
 *       an object of this stack that carries the stack's own {@value Ownership#ADOPTED_ANNOTATION} mark.</li>
 *   <li>The Helm release: its latest revision's values hold the identity of the stack that installed or upgraded it
 *       ({@value Ownership#RELEASE_VALUES_KEY}), which counts when a revision holding it was written by a Pulumi
 *       provider's Helm client (its storage Secret's managedFields name {@code pulumi-kubernetes}). Another stack's release is refused, naming it; one no stack of this
 *       program wrote is refused unless {@code existingRelease} says it was installed outside the stack;
 *       {@code existingRelease} with no release there is refused too (there is nothing to adopt, and installing would
 *       make destroy keep it).</li>
 *   <li>A release whose latest revision Helm left {@code pending-install}, {@code -upgrade} or {@code -rollback}: an
 *       operation on it did not finish (a killed {@code pulumi up} or {@code helm}) or is still running, and Helm
 *       refuses the next one ("cannot re-use a name that is still in use", "another operation is in progress").
 *       Reported as {@link Findings#unfinished()}, with what to do: an {@code up} stops, a preview warns (a deploy
 *       may be running it right now).</li>
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
 * @param stackIdentity        this stack, {@code org/project/stack} ({@link Ownership#stackIdentity})
 */
public record ExistingObjectsCheck(List<DeclaredObject> objects, String releaseNamespace, String releaseName,
                                   boolean existingRelease, boolean adoptExistingObjects, String stackIdentity) {
    public ExistingObjectsCheck {
        objects = List.copyOf(objects);
        Objects.requireNonNull(releaseNamespace, "releaseNamespace");
        Objects.requireNonNull(releaseName, "releaseName");
        Objects.requireNonNull(stackIdentity, "stackIdentity");
    }

    /**
     * What the check found, each naming the object, its namespace and what to do.
     *
     * @param refusals   what the stack must never go ahead with (someone else's object or release, no namespace)
     * @param unfinished a Helm operation on the release that has not finished: {@code up} cannot go ahead, a preview can
     * @param takenOver  the declared objects the stack takes, or took, over from someone else: destroy leaves them
     */
    public record Findings(List<String> refusals, List<String> unfinished, List<DeclaredObject> takenOver) {
        public Findings {
            refusals = List.copyOf(refusals);
            unfinished = List.copyOf(unfinished);
            takenOver = List.copyOf(takenOver);
        }

        /** Everything that stops an {@code up}. */
        public List<String> all() {
            var all = new ArrayList<>(refusals);
            all.addAll(unfinished);
            return List.copyOf(all);
        }
    }

    /** Reads the cluster; what it finds stops an {@code up} ({@link Findings#all()}), or only some of it a preview. */
    public Findings inspect(KubeApi api) throws IOException {
        var problems = new ArrayList<String>();
        var namespace = api.get("/api/v1/namespaces/" + releaseNamespace);
        if (namespace.status() == 404) {
            // The stack does not create namespaces: one it created, destroy would delete, and with it Milvus's data.
            return new Findings(List.of("the namespace " + releaseNamespace + " does not exist; create it (kubectl create namespace "
                    + releaseNamespace + "), or set " + ConfigKey.NAMESPACE.key() + " to one that exists. The stack does not"
                    + " create namespaces, so that destroy never deletes one holding Milvus's data"), List.of(), List.of());
        }
        expectOk("the namespace " + releaseNamespace, namespace);
        var takenOver = new ArrayList<DeclaredObject>();
        for (var object : objects) {
            var response = api.get(object.path());
            if (response.status() == 404) {
                continue;
            }
            expectOk(object.toString(), response);
            var metadata = JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("metadata");
            var writer = Ownership.writtenByPulumi(metadata, Ownership.STACK_ANNOTATION);
            if (writer.isPresent() && writer.get().equals(stackIdentity)) {
                if (Ownership.writtenByPulumi(metadata, Ownership.ADOPTED_ANNOTATION).isPresent()) {
                    takenOver.add(object);
                }
                continue;
            }
            if (writer.isPresent()) {
                problems.add(object + " belongs to the stack " + writer.get() + " (its Pulumi provider wrote "
                        + Ownership.STACK_ANNOTATION + "=" + writer.get() + " on it), not to " + stackIdentity
                        + ". Two stacks must not share a release: point this stack elsewhere (" + ConfigKey.NAMESPACE.key()
                        + ", " + ConfigKey.RELEASE_NAME.key() + ", or the kubeconfig it uses), or run destroy on "
                        + writer.get() + " first");
                continue;
            }
            if (adoptExistingObjects) {
                takenOver.add(object);
                continue;
            }
            problems.add(object + " already exists and this stack did not make it (its Pulumi provider never wrote "
                    + Ownership.STACK_ANNOTATION + "=" + stackIdentity + " on it; labels or annotations copied from a plan"
                    + " do not count). Delete it (kubectl delete " + object.plural() + " " + object.name() + " -n "
                    + object.namespace() + "), or let the stack take it over and keep it on destroy: pulumi config set "
                    + ConfigKey.ADOPT_EXISTING_OBJECTS.key() + " true");
        }
        var unfinished = new ArrayList<String>();
        releaseProblems(api, problems, unfinished);
        return new Findings(problems, unfinished, takenOver);
    }

    private void releaseProblems(KubeApi api, List<String> refusals, List<String> unfinished) throws IOException {
        var release = releaseNamespace + "/" + releaseName;
        var selector = URLEncoder.encode("owner=helm,name=" + releaseName, StandardCharsets.UTF_8);
        var response = api.get("/api/v1/namespaces/" + releaseNamespace + "/secrets?labelSelector=" + selector);
        if (response.status() != 404) {  // 404: no such namespace yet, so no release
            expectOk("the Helm release " + release, response);
        }
        var revisions = response.status() == 404 ? new JsonArray()
                : JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("items");
        JsonObject latest = null;
        int latestVersion = -1;
        String latestStatus = "";
        for (var item : revisions) {
            var secret = item.getAsJsonObject();
            var labels = secret.getAsJsonObject("metadata").getAsJsonObject("labels");
            int version = Integer.parseInt(labels.get("version").getAsString());
            var status = labels.has("status") ? labels.get("status").getAsString() : "";
            if (!"uninstalled".equals(status) && version > latestVersion) {
                latest = secret;
                latestVersion = version;
                latestStatus = status;
            }
        }
        if (latest == null) {
            if (existingRelease) {
                refusals.add(noRelease(release));
            }
            return;
        }
        // The mark counts when a Pulumi provider's Helm client wrote a revision carrying it (helm install -f of the
        // plan's values file carries it too, written by helm); a later helm rollback copies it into a revision of its own.
        var marked = installedBy(latest);
        var installedBy = marked.filter(stack -> writtenByPulumi(revisions, stack));
        boolean ours = installedBy.filter(stackIdentity::equals).isPresent();
        if (installedBy.isPresent() && !ours) {
            refusals.add("the Helm release " + release + " belongs to the stack " + installedBy.get() + " (its values say "
                    + Ownership.RELEASE_VALUES_KEY + "." + Ownership.RELEASE_VALUES_STACK + ": " + installedBy.get()
                    + "), not to " + stackIdentity + ". Two stacks must not share a release: choose another "
                    + ConfigKey.RELEASE_NAME.key() + " or " + ConfigKey.NAMESPACE.key() + " (or check the kubeconfig this"
                    + " stack uses), or run destroy on " + installedBy.get() + " first");
            return;
        }
        if (!existingRelease && !ours) {
            refusals.add("the Helm release " + release + " already exists and this stack did not install it. "
                    + "To adopt it (the first up imports it and changes nothing; destroy never uninstalls it): "
                    + "pulumi config set " + ConfigKey.EXISTING_RELEASE.key() + " true && pulumi config set "
                    + ConfigKey.ADOPT_RELEASE.key() + " true; or choose another " + ConfigKey.RELEASE_NAME.key()
                    + " or " + ConfigKey.NAMESPACE.key());
            return;
        }
        if (latestStatus.startsWith("pending-")) {
            unfinished.add(unfinishedOperation(release, latestVersion, latestStatus, ours && !existingRelease));
        }
    }

    /**
     * Helm's answer to a pending release is to refuse the next operation. A first install this stack started and
     * nobody finished has served nothing through the stack (its Ingress comes after it): uninstalling it is the way
     * back. An upgrade or rollback left pending is rolled back to the last good revision, which keeps the data.
     */
    private String unfinishedOperation(String release, int version, String status, boolean firstInstallOfThisStack) {
        var what = "the Helm release " + release + " is " + status + " (revision " + version + "): an operation on it has"
                + " not finished. If no pulumi up or helm command is running on it (one that was killed leaves it so), ";
        if ("pending-install".equals(status) && version == 1 && firstInstallOfThisStack) {
            return what + "this stack's first install did not finish and nothing has used it yet: helm uninstall "
                    + releaseName + " -n " + releaseNamespace + ", then pulumi up again (README, \"When up is interrupted\")";
        }
        if ("pending-install".equals(status)) {
            return what + "check it with helm status " + releaseName + " -n " + releaseNamespace
                    + " and finish or remove that install with helm, then pulumi up again";
        }
        return what + "roll it back to its last good revision: helm rollback " + releaseName + " -n " + releaseNamespace
                + " --wait, then pulumi up again (README, \"When up is interrupted\")";
    }

    private String noRelease(String release) {
        return ConfigKey.EXISTING_RELEASE.key() + " is set, but there is no Helm release " + release
                + " to adopt: check " + ConfigKey.RELEASE_NAME.key() + " and " + ConfigKey.NAMESPACE.key()
                + " against `helm list -A`, or unset " + ConfigKey.EXISTING_RELEASE.key() + " (and "
                + ConfigKey.ADOPT_RELEASE.key() + ") to let the stack install Milvus";
    }

    /** Whether some revision holding {@code stack}'s mark was written by a Pulumi provider (its managedFields). */
    private static boolean writtenByPulumi(JsonArray revisions, String stack) {
        for (var item : revisions) {
            var secret = item.getAsJsonObject();
            var managedFields = secret.getAsJsonObject("metadata").getAsJsonArray("managedFields");
            if (managedFields == null || !installedBy(secret).filter(stack::equals).isPresent()) {
                continue;
            }
            for (var entry : managedFields) {
                var manager = entry.getAsJsonObject().get("manager");
                if (manager != null && Ownership.isPulumiManager(manager.getAsString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The stack whose values this revision holds ({@value Ownership#RELEASE_VALUES_KEY}), if any. Helm keeps each
     * revision in a Secret: base64 (Kubernetes) of base64 (Helm) of gzipped JSON, the user-supplied values in "config".
     */
    private static Optional<String> installedBy(JsonObject storageSecret) {
        var encoded = storageSecret.getAsJsonObject("data").get("release").getAsString();
        var helmText = new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII);
        var bytes = Base64.getDecoder().decode(helmText);
        var json = gunzipIfNeeded(bytes);
        var config = JsonParser.parseString(json).getAsJsonObject().get("config");
        if (config == null || !config.isJsonObject()) {
            return Optional.empty();
        }
        var ours = config.getAsJsonObject().get(Ownership.RELEASE_VALUES_KEY);
        if (ours == null || !ours.isJsonObject()) {
            return Optional.empty();
        }
        var stack = ours.getAsJsonObject().get(Ownership.RELEASE_VALUES_STACK);
        return stack != null && stack.isJsonPrimitive() ? Optional.of(stack.getAsString()) : Optional.empty();
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
