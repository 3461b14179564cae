package com.milvusgke.status;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.milvusgke.verify.DeployedOutputs;

import java.util.ArrayList;

/**
 * The stack outputs {@code status} reads: those {@code verify} reads, and where the stack's objects live.
 *
 * @param deployed    what {@code verify} reads (domain, port, static IP, certificate mode and PEM)
 * @param namespace   the release's namespace
 * @param releaseName the Helm release
 * @param serviceName the chart's Milvus Service; the Ingress has the same name (stack.ObjectNames)
 * @param json        the outputs as given, handed to {@code verify} for the outside stage
 */
public record RolloutOutputs(DeployedOutputs deployed, String namespace, String releaseName, String serviceName, String json) {

    public static RolloutOutputs parse(String json) throws DeployedOutputs.InvalidOutputsException {
        var deployed = DeployedOutputs.parse(json);
        var object = JsonParser.parseString(json).getAsJsonObject();
        var missing = new ArrayList<String>();
        var namespace = text(object.get("namespace"), "namespace", missing);
        var release = text(object.get("releaseName"), "releaseName", missing);
        var service = text(object.get("milvusServiceName"), "milvusServiceName", missing);
        if (!missing.isEmpty()) {
            throw new DeployedOutputs.InvalidOutputsException("stack outputs: missing or empty " + String.join(", ", missing)
                    + " (expected the outputs of a deployed stack, as `pulumi stack output --json --show-secrets` prints them)");
        }
        return new RolloutOutputs(deployed, namespace, release, service, json);
    }

    private static String text(JsonElement value, String key, java.util.List<String> missing) {
        if (value == null || !value.isJsonPrimitive() || value.getAsString().isBlank()) {
            missing.add(key);
            return "";
        }
        return value.getAsString().trim();
    }
}
