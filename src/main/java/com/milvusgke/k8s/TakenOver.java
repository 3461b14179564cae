package com.milvusgke.k8s;

import java.util.Set;

/**
 * Which of the declared objects the stack took over from someone else ({@code adoptExistingObjects}) rather than
 * created: those, and only those, {@code destroy} leaves in the cluster.
 *
 * @param objects the objects taken over, as {@link DeclaredObject#toString()} names them ({@code Kind ns/name})
 * @param known   whether the cluster was looked at; when not (offline {@code plan}, a preview that could not reach the
 *                cluster), every object counts as taken over when the config says to adopt: the safe side
 */
public record TakenOver(Set<String> objects, boolean known) {
    /** Nothing was looked at. */
    public static final TakenOver UNKNOWN = new TakenOver(Set.of(), false);

    public TakenOver {
        objects = Set.copyOf(objects);
    }

    public static TakenOver of(java.util.List<DeclaredObject> objects) {
        return new TakenOver(objects.stream().map(DeclaredObject::toString).collect(java.util.stream.Collectors.toSet()), true);
    }

    /** Whether destroy keeps {@code kind namespace/name}, given whether the config says to adopt. */
    public boolean keeps(String kind, String namespace, String name, boolean adoptExisting) {
        return known ? objects.contains(kind + " " + namespace + "/" + name) : adoptExisting;
    }
}
