package io.llmrouter.routing.strategy;

import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.routing.Candidate;

/**
 * Lowest probe latency first. Targets without a measured latency, which includes every provider
 * (they are not probed), rank after the measured ones.
 */
final class LatencyStrategy implements RoutingStrategy {

    @Override
    public RoutingStrategyName name() {
        return RoutingStrategyName.LATENCY;
    }

    @Override
    public String tierReason(int tier) {
        return "latency: lowest probe latency first";
    }

    @Override
    public double score(Candidate candidate) {
        return candidate.probeLatencyMs() == null ? Double.NaN : candidate.probeLatencyMs();
    }
}
