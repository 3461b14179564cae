package com.milvusgke.plan;

import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The SDK's mock monitor, plus a record of every registration request exactly as the program sent it.
 * The SDK's mocks only see inputs with secrets already unwrapped; the request still carries them, which is
 * what a reviewer (and the secret tests) must see.
 */
final class RecordingMonitor extends MockMonitor {
    private static final String STACK_TYPE = "pulumi:pulumi:Stack";

    private final List<RecordedResource> recorded = Collections.synchronizedList(new ArrayList<>());

    RecordingMonitor(Mocks mocks, com.pulumi.Log log) {
        super(mocks, log);
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource, RegisterResourceRequest request) {
        if (!STACK_TYPE.equals(request.getType())) {
            recorded.add(toRecord(request));
        }
        return super.registerResourceAsync(resource, request);
    }

    /** Reads (e.g. StackReference) are part of what a stack does too. */
    @Override
    public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
        recorded.add(new RecordedResource(
                request.getType(),
                request.getName(),
                parentName(request.getParent()),
                true,
                request.getDependenciesList().stream().map(Urns::name).distinct().sorted().toList(),
                StructDecoder.decode(request.getProperties()),
                false,
                providerName(request.getProvider()),
                request.getVersion().isEmpty() ? Optional.empty() : Optional.of(request.getVersion()),
                Optional.empty(),
                List.of()));
        return super.readResourceAsync(resource, request);
    }

    private static Optional<String> parentName(String parent) {
        return parent.isEmpty() || STACK_TYPE.equals(Urns.type(parent)) ? Optional.empty() : Optional.of(Urns.name(parent));
    }

    /** Provider references are {@code <urn>::<id>}. */
    private static Optional<String> providerName(String reference) {
        return reference.isEmpty() ? Optional.empty() : Optional.of(Urns.name(reference.substring(0, reference.lastIndexOf("::"))));
    }

    private static RecordedResource toRecord(RegisterResourceRequest request) {
        return new RecordedResource(
                request.getType(),
                request.getName(),
                parentName(request.getParent()),
                request.getCustom(),
                request.getDependenciesList().stream().map(Urns::name).distinct().sorted().toList(),
                StructDecoder.decode(request.getObject()),
                request.getProtect(),
                providerName(request.getProvider()),
                request.getVersion().isEmpty() ? Optional.empty() : Optional.of(request.getVersion()),
                request.getImportId().isEmpty() ? Optional.empty() : Optional.of(request.getImportId()),
                List.copyOf(request.getIgnoreChangesList()));
    }

    List<RecordedResource> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

}
