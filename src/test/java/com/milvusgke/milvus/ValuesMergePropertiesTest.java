package com.milvusgke.milvus;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deep merge of the user's helmValues under the values this program owns, for any nesting of maps. */
class ValuesMergePropertiesTest {

    @Provide
    Arbitrary<Map<String, Object>> values() {
        return tree(3);
    }

    private Arbitrary<Map<String, Object>> tree(int depth) {
        var keys = Arbitraries.of("proxy", "service", "port", "annotations", "a", "b", "c");
        Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.integers().between(0, 9).map(i -> (Object) i),
                Arbitraries.of("x", "y", "z").map(v -> (Object) v), Arbitraries.of(true, false).map(v -> (Object) v));
        Arbitrary<Object> value = depth == 0 ? leaf : Arbitraries.oneOf(leaf, tree(depth - 1).map(m -> (Object) m));
        return Arbitraries.maps(keys, value).ofMaxSize(4).map(m -> (Map<String, Object>) new LinkedHashMap<>(m));
    }

    /** Every leaf path of a tree, with its value. */
    private static Map<List<String>, Object> leaves(Map<String, Object> tree, List<String> prefix, Map<List<String>, Object> into) {
        tree.forEach((key, value) -> {
            var path = new ArrayList<>(prefix);
            path.add(key);
            if (value instanceof Map<?, ?> map) {
                leaves(Values.map(map), path, into); // an empty map adds nothing to a merge
            } else {
                into.put(path, value);
            }
        });
        return into;
    }

    // Two maps have more edge cases than tries (jqwik then says so at each run): random trees only; the empty map, the
    // main edge case, is covered by mergingNothingChangesNothing.
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void whatTheProgramOwnsWinsAndEveryOtherUserValueIsKept(@ForAll("values") Map<String, Object> user,
                                                           @ForAll("values") Map<String, Object> owned) {
        var merged = Values.deepMerge(user, owned);
        var mergedLeaves = leaves(merged, List.of(), new LinkedHashMap<>());
        var ownedLeaves = leaves(owned, List.of(), new LinkedHashMap<>());
        ownedLeaves.forEach((path, value) -> assertEquals(value, mergedLeaves.get(path), "owned " + path));
        leaves(user, List.of(), new LinkedHashMap<>()).forEach((path, value) -> {
            // Kept unless the program owns that path, a path inside it, or one of its parents as a non-map value.
            boolean overridden = paths(owned, List.of(), new ArrayList<>()).stream()
                    .anyMatch(o -> startsWith(o, path) || (startsWith(path, o) && ownedLeaves.containsKey(o)));
            if (!overridden) {
                assertEquals(value, mergedLeaves.get(path), "user " + path);
            }
        });
    }

    @Property
    void mergingNothingChangesNothing(@ForAll("values") Map<String, Object> values) {
        assertEquals(values, Values.deepMerge(values, Map.of()));
        assertEquals(values, Values.deepMerge(Map.of(), values));
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void theInputsAreLeftAsTheyWere(@ForAll("values") Map<String, Object> user, @ForAll("values") Map<String, Object> owned) {
        var userBefore = user.toString();
        var ownedBefore = owned.toString();
        Values.deepMerge(user, owned);
        assertTrue(user.toString().equals(userBefore) && owned.toString().equals(ownedBefore));
    }

    /** Every path of a tree: its maps' keys as well as its leaves. */
    private static List<List<String>> paths(Map<String, Object> tree, List<String> prefix, List<List<String>> into) {
        tree.forEach((key, value) -> {
            var path = new ArrayList<>(prefix);
            path.add(key);
            into.add(path);
            if (value instanceof Map<?, ?> map) {
                paths(Values.map(map), path, into);
            }
        });
        return into;
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }
}
