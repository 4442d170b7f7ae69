package io.llmrouter.routing.strategy;

import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.Target;

/** Cheapest estimated request cost first, clusters and providers alike; unpriced targets last. */
final class CostStrategy implements RoutingStrategy {

    @Override
    public RoutingStrategyName name() {
        return RoutingStrategyName.COST;
    }

    @Override
    public int tier(Target target, Double costPer1k) {
        return 0;
    }

    @Override
    public String tierReason(int tier) {
        return "cost: lowest estimated request cost first";
    }

    @Override
    public double score(Candidate candidate) {
        return RoutingStrategy.estimatedCost(candidate);
    }
}
