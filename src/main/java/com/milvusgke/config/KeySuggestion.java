package com.milvusgke.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** The known key a misspelt one was most likely meant to be: case-insensitive edit distance, within a limit. */
public final class KeySuggestion {
    private KeySuggestion() {
    }

    public static Optional<String> nearest(String key, Collection<String> known) {
        var lower = key.toLowerCase(Locale.ROOT);
        // Up to a third of the key's length may differ (at least 2 edits): close enough to be a typo, not a guess.
        int limit = Math.max(2, lower.length() / 3);
        return known.stream()
                .map(candidate -> new Scored(candidate, distance(lower, candidate.toLowerCase(Locale.ROOT))))
                .filter(scored -> scored.distance <= limit)
                .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::key))
                .map(Scored::key);
    }

    private record Scored(String key, int distance) {
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        var d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
