package io.llmrouter.routing.strategy;

import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.routing.Target;

/** External providers first, cheapest request first; clusters after them. */
final class ExternalFirstStrategy implements RoutingStrategy {

    @Override
    public RoutingStrategyName name() {
        return RoutingStrategyName.EXTERNAL_FIRST;
    }

    @Override
    public int tier(Target target, Double costPer1k) {
        return target.isCluster() ? 1 : 0;
    }

    @Override
    public String tierReason(int tier) {
        return tier == 0 ? "external_first: external provider, cheapest first" : "external_first: cluster, after providers";
    }
}
