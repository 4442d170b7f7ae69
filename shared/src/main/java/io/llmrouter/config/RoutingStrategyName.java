package io.llmrouter.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The ranking strategies a config may name in {@code router.routingStrategy}. */
public enum RoutingStrategyName {
    /** Cheapest estimated cost for the request first, clusters and providers alike. */
    COST("cost"),
    /** Lowest observed latency first. */
    LATENCY("latency"),
    /** Clusters while their $/1K is under clusterCostThreshold, else the cheapest external provider. */
    HYBRID("hybrid"),
    /** Healthy clusters first (cheapest first), providers only as a fallback. */
    CLUSTER_FIRST("cluster_first"),
    /** Providers first (cheapest first), clusters after them. */
    EXTERNAL_FIRST("external_first");

    private final String yamlName;

    RoutingStrategyName(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static RoutingStrategyName fromYaml(String value) {
        for (RoutingStrategyName name : values()) {
            if (name.yamlName.equalsIgnoreCase(value)) {
                return name;
            }
        }
        throw new IllegalArgumentException("unknown routing strategy '" + value + "', expected one of "
                + Arrays.stream(values()).map(RoutingStrategyName::yamlName).collect(Collectors.joining(", ")));
    }
}
