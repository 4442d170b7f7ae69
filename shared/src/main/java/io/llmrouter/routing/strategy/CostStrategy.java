package io.llmrouter.routing.strategy;

import io.llmrouter.config.RoutingStrategyName;

/** Cheapest estimated request cost first, clusters and providers alike; unpriced targets last. */
final class CostStrategy implements RoutingStrategy {

    @Override
    public RoutingStrategyName name() {
        return RoutingStrategyName.COST;
    }

    @Override
    public String tierReason(int tier) {
        return "cost: lowest estimated request cost first";
    }
}
