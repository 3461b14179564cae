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
 * @param check       what to look for
 * @param environment the program's environment ($KUBECONFIG for the ambient kubeconfig)
 * @param preview     a preview ({@code pulumi preview}, or the preview part of {@code up})
 * @param warn        where a preview's warning goes (the engine's log)
 */
public record LiveClusterCheck(ExistingObjectsCheck check, Map<String, String> environment, boolean preview,
                               Consumer<String> warn) implements ClusterCheck {
    @Override
    public TakenOver verify(Optional<String> kubeconfig) {
        ExistingObjectsCheck.Findings findings;
        try {
            var config = kubeconfig.isPresent() ? Kubeconfig.parse(kubeconfig.get(), null) : Kubeconfig.ambient(environment);
            findings = check.inspect(HttpKubeApi.connect(config));
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
