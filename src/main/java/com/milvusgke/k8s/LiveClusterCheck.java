package com.milvusgke.k8s;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link ClusterCheck} against the real API server, with the kubeconfig the stack's provider uses.
 *
 * <p>When the cluster cannot be looked at, a preview warns and goes on (a pull request's preview may run where the
 * cluster is not reachable, and the provider behaves alike), while {@code up} stops: it would otherwise create
 * objects without knowing whether someone else's are there.
 *
 * @param check     what to look for
 * @param connector how to reach the API server with a kubeconfig (empty: the ambient one)
 * @param preview   a preview ({@code pulumi preview}, or the preview part of {@code up})
 * @param warn      where a preview's warning goes (the engine's log)
 */
public record LiveClusterCheck(ExistingObjectsCheck check, Connector connector, boolean preview,
                               Consumer<String> warn) implements ClusterCheck {
    /** Opens the API server a kubeconfig names. */
    @FunctionalInterface
    public interface Connector {
        KubeApi connect(Optional<String> kubeconfig) throws IOException;
    }

    /** Over HTTPS, with the kubeconfig given, or the ambient one ($KUBECONFIG in {@code environment}, or ~/.kube/config). */
    public static LiveClusterCheck of(ExistingObjectsCheck check, Map<String, String> environment, boolean preview,
                                      Consumer<String> warn) {
        return new LiveClusterCheck(check, kubeconfig -> HttpKubeApi.connect(kubeconfig.isPresent()
                ? Kubeconfig.parse(kubeconfig.get(), null) : Kubeconfig.ambient(environment)), preview, warn);
    }

    @Override
    public TakenOver verify(Optional<String> kubeconfig) {
        ExistingObjectsCheck.Findings findings;
        try {
            findings = check.inspect(connector.connect(kubeconfig));
        } catch (IOException e) {
            var message = "could not check the cluster for objects that this stack would take over: " + e.getMessage();
            if (preview) {
                warn.accept(message + " (pulumi up checks again, and stops if it cannot)");
                return TakenOver.UNKNOWN;
            }
            throw new ClusterCheckException(List.of(message));
        }
        // A preview goes on past an unfinished Helm operation (a deploy may be running it as the preview runs); up stops.
        var problems = preview ? findings.refusals() : findings.all();
        if (!problems.isEmpty()) {
            throw new ClusterCheckException(problems);
        }
        findings.unfinished().forEach(warn);
        return TakenOver.of(findings.takenOver());
    }
}
