package io.llmrouter.routing.strategy;

import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.routing.Target;

/**
 * Clusters while they are cheap, providers when they are not:
 * <ol start="0">
 *   <li>clusters whose $/1K is under {@code clusterCostThreshold}, cheapest request first;</li>
 *   <li>providers, cheapest request first;</li>
 *   <li>the other clusters (at or over the threshold, or unpriced), cheapest first.</li>
 * </ol>
 * Providers are a fallback: with no cluster healthy they are offered only if external fallback is enabled.
 */
final class HybridStrategy implements RoutingStrategy {

    static final int CHEAP_CLUSTER = 0;
    static final int PROVIDER = 1;
    static final int OTHER_CLUSTER = 2;

    private final double clusterCostThreshold;
    private final String[] reasons;

    HybridStrategy(double clusterCostThreshold) {
        this.clusterCostThreshold = clusterCostThreshold;
        this.reasons = new String[] {
                "hybrid: cluster under the cost threshold of " + clusterCostThreshold + " $/1K",
                "hybrid: external provider, after clusters under " + clusterCostThreshold + " $/1K",
                "hybrid: cluster at or over " + clusterCostThreshold + " $/1K or unpriced, after providers"};
    }

    @Override
    public RoutingStrategyName name() {
        return RoutingStrategyName.HYBRID;
    }

    @Override
    public int tier(Target target, Double costPer1k) {
        if (!target.isCluster()) {
            return PROVIDER;
        }
        return costPer1k != null && costPer1k < clusterCostThreshold ? CHEAP_CLUSTER : OTHER_CLUSTER;
    }

    @Override
    public String tierReason(int tier) {
        return reasons[tier];
    }

    @Override
    public boolean providersOnlyAsFallback() {
        return true;
    }
}
