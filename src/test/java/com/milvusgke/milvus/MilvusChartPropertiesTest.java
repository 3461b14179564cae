package com.milvusgke.milvus;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart's fullname rule for any release name and overrides, not only the table's cases. */
class MilvusChartPropertiesTest {

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(80);
    }

    @Provide
    Arbitrary<String> overrides() {
        return Arbitraries.oneOf(Arbitraries.just(""), names());
    }

    // Three string parameters have more edge cases than tries: random ones only (the table covers the edges).
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void theNameIsTheChartsCandidateCutTo63WithOneTrailingDashTrimmed(@ForAll("names") String release,
                                                                       @ForAll("overrides") String nameOverride,
                                                                       @ForAll("overrides") String fullnameOverride) {
        var values = new HashMap<String, Object>();
        values.put("nameOverride", nameOverride);
        values.put("fullnameOverride", fullnameOverride);
        var name = nameOverride.isEmpty() ? MilvusChart.CHART : nameOverride;
        var candidate = !fullnameOverride.isEmpty() ? fullnameOverride
                : release.contains(name) ? release : release + "-" + name;

        var fullname = MilvusChart.fullname(release, values);
        assertTrue(fullname.length() <= 63, fullname);
        assertTrue(candidate.startsWith(fullname), "a prefix of " + candidate + ": " + fullname);
        var cut = candidate.substring(0, Math.min(63, candidate.length()));
        assertEquals(cut.endsWith("-") ? cut.substring(0, cut.length() - 1) : cut, fullname);
    }

    @Property
    void withoutOverridesAShortNameIsTheReleaseAndChartName(@ForAll("names") String release) {
        var fullname = MilvusChart.fullname(release, Map.of());
        if (!release.contains(MilvusChart.CHART) && release.length() + 7 <= 63 && !release.endsWith("-")) {
            assertEquals(release + "-milvus", fullname);
        }
    }
}
