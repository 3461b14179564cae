package com.milvusgke.milvus;

import com.milvusgke.config.StackConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The chart's fullname rules (templates/_helpers.tpl of zilliztech/milvus-helm, chart milvus). */
class MilvusChartTest {

    @Test
    void releaseNameAndChartName() {
        assertEquals("my-release-milvus", MilvusChart.fullname("my-release", Map.of()));
    }

    @Test
    void releaseNameThatAlreadyContainsTheChartNameIsUsedAlone() {
        assertEquals("milvus-prod", MilvusChart.fullname("milvus-prod", Map.of()));
        assertEquals("vectormilvusdb", MilvusChart.fullname("vectormilvusdb", Map.of()));
    }

    @Test
    void nameOverrideReplacesTheChartName() {
        assertEquals("db-vectors", MilvusChart.fullname("db", Map.of("nameOverride", "vectors")));
        assertEquals("my-vectors", MilvusChart.fullname("my-vectors", Map.of("nameOverride", "vectors")));
        assertEquals("db-milvus", MilvusChart.fullname("db", Map.of("nameOverride", "")));
    }

    @Test
    void fullnameOverrideWins() {
        assertEquals("vector-db", MilvusChart.fullname("my-release", Map.of("fullnameOverride", "vector-db", "nameOverride", "x")));
    }

    @Test
    void truncatedTo63AndOneTrailingDashRemoved() {
        var release = "r".repeat(53);  // the longest release name Helm allows
        assertEquals(release + "-milvus", MilvusChart.fullname(release, Map.of()));
        // 53 + "-" + 10 = 64 characters: cut to 63
        assertEquals(release + "-abcdefghi", MilvusChart.fullname(release, Map.of("nameOverride", "abcdefghij")));
        // the 63rd character is '-': cut, then the dash trimmed
        assertEquals(release + "-abcdefgh", MilvusChart.fullname(release, Map.of("nameOverride", "abcdefgh-ij")));
        assertEquals("a".repeat(62), MilvusChart.fullname("x", Map.of("fullnameOverride", "a".repeat(62) + "-b")));
    }

    @Test
    void serviceHonoursPortNameAndPort() {
        var milvus = new StackConfig.Milvus("my-release", "vectors", "5.0.19", "https://zilliztech.github.io/milvus-helm/", true,
                Map.of("service", Map.of("portName", "grpc", "port", 29530)), 1200, false, true, false);
        assertEquals(new MilvusService("my-release-milvus", "vectors", "grpc", 29530), MilvusChart.service(milvus));
        var defaults = new StackConfig.Milvus("my-release", "default", "5.0.19", "https://zilliztech.github.io/milvus-helm/", true, Map.of(), 1200, false, true, false);
        assertEquals(new MilvusService("my-release-milvus", "default", "milvus", 19530), MilvusChart.service(defaults));
    }
}
