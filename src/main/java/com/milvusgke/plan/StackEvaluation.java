package com.milvusgke.plan;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.Mocks;
import com.pulumi.resources.Resource;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;
import java.util.concurrent.CompletableFuture;

import com.pulumi.resources.ResourceTransformation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a Pulumi program under the SDK's mock engine (no network, no credentials) and records what every
 * provider would receive. Shared by the `plan` command and the test suite, so both see the same thing.
 *
 * <p>This is the one class that uses the Java SDK's internal test API ({@code PulumiTestInternal}, {@code MockMonitor},
 * pinned with the SDK at 1.36.1): the public {@code PulumiTest} cannot pass config with secret keys or decorate the
 * monitor, and only the monitor sees the registration requests with their secret markers. A public way to do both
 * (or running the program under the real engine with the local backend and recording mocks as a provider) would
 * replace it; nothing else in {@code plan} depends on the SDK's internals.
 *
 * @param resources  registered resources, in registration order
 * @param outputs    stack outputs; secret ones are {@link SecretValue}
 * @param errors     what the program reported as errors (e.g. a bad-config message)
 * @param exceptions what the program threw
 * @param warnings   what the program logged as warnings (a preview or up would show them), in order
 */
public record StackEvaluation(
        List<RecordedResource> resources,
        Map<String, Object> outputs,
        List<String> errors,
        List<Exception> exceptions,
        List<String> warnings
) {

    /**
     * A Pulumi program, given the config keys the engine passes it and which of them are secrets (qualified
     * {@code namespace:key}).
     */
    @FunctionalInterface
    public interface Program {
        void run(Context ctx, Set<String> configKeys, Set<String> secretKeys);
    }

    /**
     * @param project    Pulumi project name (the config namespace)
     * @param stack      stack name
     * @param config     config as the engine passes it: keys {@code namespace:key}, objects as JSON
     * @param secretKeys which of those keys are secrets
     * @param mocks      provider stand-ins
     * @param program    the Pulumi program
     */
    public static synchronized StackEvaluation run(String project, String stack, Map<String, String> config,
                                                   Set<String> secretKeys, PlaceholderMocks mocks, Program program) {
        var log = PulumiTestInternal.mockLog(PulumiTestInternal.logger(java.util.logging.Level.OFF));
        var monitor = new RecordingMonitor(mocks, log);
        // The SDK logs each warning it sends the engine to its standard logger too: that copy is what plan shows.
        var warnings = Collections.synchronizedList(new ArrayList<String>());
        var warningLogger = java.util.logging.Logger.getAnonymousLogger();
        warningLogger.setUseParentHandlers(false);
        warningLogger.setLevel(java.util.logging.Level.WARNING);
        warningLogger.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel() == java.util.logging.Level.WARNING && record.getMessage() != null) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        // Registration reaches the engine asynchronously; construction order (which transformations see,
        // synchronously) is the program's own order and the same on every run.
        var constructionOrder = Collections.synchronizedList(new ArrayList<String>());
        ResourceTransformation recordOrder = args -> {
            constructionOrder.add(args.resource().pulumiResourceType() + "::" + args.resource().pulumiResourceName());
            return Optional.empty();
        };
        var options = TestOptions.builder().projectName(project).stackName(stack).preview(false)
                .resourceTransformations(List.of(recordOrder)).build();
        try {
            var result = PulumiTestInternal.builder()
                    .options(options)
                    .mocks(mocks)
                    .standardLogger(warningLogger)
                    .config(config, secretKeys)
                    .monitorDecorator(ignored -> monitor)
                    .build()
                    .runTest(ctx -> program.run(ctx, config.keySet(), secretKeys));
            var outputs = new TreeMap<String, Object>();
            result.outputs().forEach((name, output) -> outputs.put(name, resolve(output)));
            var inOrder = new ArrayList<>(monitor.recorded());
            inOrder.sort(Comparator.comparingInt(r -> position(constructionOrder, r)));
            return new StackEvaluation(List.copyOf(inOrder), Collections.unmodifiableMap(outputs),
                    List.copyOf(result.errors()), List.copyOf(result.exceptions()), List.copyOf(warnings));
        } finally {
            PulumiTest.cleanup();
        }
    }

    private static int position(List<String> order, RecordedResource resource) {
        int index = order.indexOf(resource.type() + "::" + resource.name());
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static Object resolve(Output<?> output) {
        var data = PulumiTestInternal.extractOutputData(output);
        Object value = data.getValueNullable();
        return data.isSecret() ? new SecretValue(value) : value;
    }

    public boolean succeeded() {
        return errors.isEmpty() && exceptions.isEmpty();
    }

    /** Resources of one type, in registration order. */
    public List<RecordedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public RecordedResource single(String type) {
        var matching = ofType(type);
        if (matching.size() != 1) {
            throw new IllegalStateException("expected one " + type + ", found " + matching.size());
        }
        return matching.get(0);
    }

    /** Outputs in the order they are declared, secrets redacted. */
    public Map<String, Object> redactedOutputs() {
        var redacted = new LinkedHashMap<String, Object>();
        outputs.forEach((k, v) -> redacted.put(k, v instanceof SecretValue ? SecretValue.REDACTED : v));
        return redacted;
    }

    /** The SDK's mock monitor, plus a record of every registration and read request exactly as the program sent it. */
    private static final class RecordingMonitor extends MockMonitor {
        private final List<RecordedResource> recorded = Collections.synchronizedList(new ArrayList<>());

        RecordingMonitor(Mocks mocks, com.pulumi.Log log) {
            super(mocks, log);
        }

        @Override
        public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource, RegisterResourceRequest request) {
            if (!EngineRequests.STACK_TYPE.equals(request.getType())) {
                recorded.add(EngineRequests.toRecord(request));
            }
            return super.registerResourceAsync(resource, request);
        }

        @Override
        public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
            recorded.add(EngineRequests.toRecord(request));
            return super.readResourceAsync(resource, request);
        }

        List<RecordedResource> recorded() {
            synchronized (recorded) {
                return List.copyOf(recorded);
            }
        }
    }
}
