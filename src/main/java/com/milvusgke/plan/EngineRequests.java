package com.milvusgke.plan;

import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.RegisterResourceRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the program asked the engine for, as a {@link RecordedResource}: read from the engine protocol's requests
 * (pulumirpc, a public, versioned protocol), which still carry the secret markers the SDK's mocks never see.
 */
final class EngineRequests {
    static final String STACK_TYPE = "pulumi:pulumi:Stack";

    private EngineRequests() {
    }

    /** Reads (e.g. StackReference) are part of what a stack does too. */
    static RecordedResource toRecord(ReadResourceRequest request) {
        return new RecordedResource(
                request.getType(),
                request.getName(),
                parentName(request.getParent()),
                true,
                request.getDependenciesList().stream().map(Urns::name).distinct().sorted().toList(),
                StructDecoder.decode(request.getProperties()),
                false,
                false,
                providerName(request.getProvider()),
                request.getVersion().isEmpty() ? Optional.empty() : Optional.of(request.getVersion()),
                Optional.empty(),
                List.of(),
                Map.of());
    }

    private static Optional<String> parentName(String parent) {
        return parent.isEmpty() || STACK_TYPE.equals(Urns.type(parent)) ? Optional.empty() : Optional.of(Urns.name(parent));
    }

    /** Provider references are {@code <urn>::<id>}. */
    private static Optional<String> providerName(String reference) {
        return reference.isEmpty() ? Optional.empty() : Optional.of(Urns.name(reference.substring(0, reference.lastIndexOf("::"))));
    }

    /** Only the timeouts that are set, in create, update, delete order. */
    private static Map<String, String> customTimeouts(RegisterResourceRequest request) {
        if (!request.hasCustomTimeouts()) {
            return Map.of();
        }
        var timeouts = request.getCustomTimeouts();
        var set = new java.util.LinkedHashMap<String, String>();
        if (!timeouts.getCreate().isEmpty()) {
            set.put("create", timeouts.getCreate());
        }
        if (!timeouts.getUpdate().isEmpty()) {
            set.put("update", timeouts.getUpdate());
        }
        if (!timeouts.getDelete().isEmpty()) {
            set.put("delete", timeouts.getDelete());
        }
        return java.util.Collections.unmodifiableMap(set);
    }

    static RecordedResource toRecord(RegisterResourceRequest request) {
        return new RecordedResource(
                request.getType(),
                request.getName(),
                parentName(request.getParent()),
                request.getCustom(),
                request.getDependenciesList().stream().map(Urns::name).distinct().sorted().toList(),
                StructDecoder.decode(request.getObject()),
                request.getProtect(),
                request.getRetainOnDelete(),
                providerName(request.getProvider()),
                request.getVersion().isEmpty() ? Optional.empty() : Optional.of(request.getVersion()),
                request.getImportId().isEmpty() ? Optional.empty() : Optional.of(request.getImportId()),
                List.copyOf(request.getIgnoreChangesList()),
                customTimeouts(request));
    }

}
