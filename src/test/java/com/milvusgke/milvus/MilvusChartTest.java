package com.milvusgke.milvus;

import com.milvusgke.config.StackConfig;
import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The chart's fullname rules (templates/_helpers.tpl of zilliztech/milvus-helm, chart milvus). */
class MilvusChartTest {

    /** One table for both implementations of the rule: this program's and the policy pack's (policies.test.ts). */
    static Stream<Arguments> fullnameCases() throws Exception {
        try (var in = MilvusChartTest.class.getResourceAsStream("/chart-fullname-cases.json")) {
            var table = new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
            return ((List<?>) table.get("cases")).stream().map(c -> (Map<?, ?>) c)
                    .map(c -> Arguments.of(c.get("why"), c.get("release"), c.get("values"), c.get("fullname")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullnameCases")
    void fullnameFollowsTheChartsHelper(String why, String release, Map<String, Object> values, String fullname) {
        assertEquals(fullname, MilvusChart.fullname(release, values), why);
    }

    @Test
    void serviceHonoursPortNameAndPort() {
        var milvus = new StackConfig.Milvus("my-release", "vectors", "5.0.19", "https://zilliztech.github.io/milvus-helm/", true,
                Map.of("service", Map.of("portName", "grpc", "port", 29530)), 1200, false, false, true, false);
        assertEquals(new MilvusService("my-release-milvus", "vectors", "grpc", 29530), MilvusChart.service(milvus));
        var defaults = new StackConfig.Milvus("my-release", "default", "5.0.19", "https://zilliztech.github.io/milvus-helm/", true, Map.of(), 1200, false, false, true, false);
        assertEquals(new MilvusService("my-release-milvus", "default", "milvus", 19530), MilvusChart.service(defaults));
    }
}
