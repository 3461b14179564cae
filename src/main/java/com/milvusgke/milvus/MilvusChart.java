package com.milvusgke.milvus;

import com.milvusgke.config.StackConfig;

import java.util.Map;

/**
 * Facts of the zilliztech `milvus` chart that other resources must agree with, computed the way the chart
 * computes them (templates/_helpers.tpl, templates/service.yaml), never guessed.
 */
public final class MilvusChart {
    public static final String CHART = "milvus";
    /** values.yaml defaults of service.portName and service.port. */
    public static final String DEFAULT_PORT_NAME = "milvus";
    public static final int DEFAULT_PORT = 19530;
    private static final int DNS_LABEL_MAX = 63;

    private MilvusChart() {
    }

    /** The client Service of a release, honouring nameOverride, fullnameOverride and service.port(Name). */
    public static MilvusService service(StackConfig.Milvus milvus) {
        var values = milvus.userValues();
        var service = Values.map(values.get("service"));
        var portName = Values.string(service.get("portName")).filter(s -> !s.isEmpty()).orElse(DEFAULT_PORT_NAME);
        int port = Values.integer(service.get("port")).orElse(DEFAULT_PORT);
        return new MilvusService(fullname(milvus.releaseName(), values), milvus.namespace(), portName, port);
    }

    /**
     * The chart's {@code milvus.fullname}: fullnameOverride if set; otherwise the release name alone when it
     * already contains the chart name (or nameOverride), else {@code <release>-<name>}; truncated to 63
     * characters and stripped of one trailing '-'.
     */
    public static String fullname(String releaseName, Map<String, Object> values) {
        var fullnameOverride = Values.string(values.get("fullnameOverride")).orElse("");
        if (!fullnameOverride.isEmpty()) {
            return truncTrim(fullnameOverride);
        }
        var name = Values.string(values.get("nameOverride")).filter(s -> !s.isEmpty()).orElse(CHART);
        if (releaseName.contains(name)) {
            return truncTrim(releaseName);
        }
        return truncTrim(releaseName + "-" + name);
    }

    /**
     * The labels by which the chart's client Service selects the pods that serve clients ({@code milvus.matchLabels}
     * plus the component): the proxy in cluster mode, the standalone pod otherwise.
     */
    public static Map<String, String> servingPodSelector(StackConfig.Milvus milvus) {
        var name = Values.string(milvus.userValues().get("nameOverride")).filter(s -> !s.isEmpty()).orElse(CHART);
        var selector = new java.util.LinkedHashMap<String, String>();
        selector.put("app.kubernetes.io/name", truncTrim(name));
        selector.put("app.kubernetes.io/instance", milvus.releaseName());
        selector.put("component", milvus.clusterEnabled() ? "proxy" : "standalone");
        return selector;
    }

    /** Helm's {@code trunc 63 | trimSuffix "-"}. */
    private static String truncTrim(String value) {
        var truncated = value.length() > DNS_LABEL_MAX ? value.substring(0, DNS_LABEL_MAX) : value;
        return truncated.endsWith("-") ? truncated.substring(0, truncated.length() - 1) : truncated;
    }
}
