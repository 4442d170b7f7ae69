package io.llmrouter.routing.strategy;

import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.routing.Target;

/**
 * Healthy clusters first, cheapest request first; providers after them as a fallback, offered when
 * no cluster is healthy only if external fallback is enabled.
 */
final class ClusterFirstStrategy implements RoutingStrategy {

    @Override
    public RoutingStrategyName name() {
        return RoutingStrategyName.CLUSTER_FIRST;
    }

    @Override
    public int tier(Target target, Double costPer1k) {
        return target.isCluster() ? 0 : 1;
    }

    @Override
    public String tierReason(int tier) {
        return tier == 0 ? "cluster_first: cluster, cheapest first" : "cluster_first: external provider, after clusters";
    }

    @Override
    public boolean providersOnlyAsFallback() {
        return true;
    }
}
