package io.llmrouter.routing.strategy;

import io.llmrouter.config.RouterSettings;
import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.Target;

/**
 * How candidates are ranked. A strategy only says two things about a candidate: its tier (a group:
 * lower tiers are tried first, e.g. clusters before providers) and its score within the tier (lower
 * first). {@link CandidateOrder} turns those into one deterministic order, and hysteresis compares
 * the same tier and score when deciding whether a challenger is better by more than the margin.
 */
public interface RoutingStrategy {

    RoutingStrategyName name();

    /** The group of a target with this price; lower groups rank first. One group unless a strategy says otherwise. */
    default int tier(Target target, Double costPer1k) {
        return 0;
    }

    /** Why a candidate of this tier sits where it does, in words for people. */
    String tierReason(int tier);

    /**
     * The measure compared within a tier, lower first; {@code NaN} when unknown, which ranks after every
     * known value. The request's estimated cost unless a strategy says otherwise.
     */
    default double score(Candidate candidate) {
        return estimatedCost(candidate);
    }

    /**
     * Whether providers are only a fallback: when targets of both kinds were eligible and no cluster
     * passed the filters, providers are then offered only if {@code router.enableExternalFallback}.
     */
    default boolean providersOnlyAsFallback() {
        return false;
    }

    static RoutingStrategy forSettings(RouterSettings settings) {
        return switch (settings.routingStrategy()) {
            case COST -> new CostStrategy();
            case LATENCY -> new LatencyStrategy();
            case HYBRID -> new HybridStrategy(settings.clusterCostThreshold());
            case CLUSTER_FIRST -> new ClusterFirstStrategy();
            case EXTERNAL_FIRST -> new ExternalFirstStrategy();
        };
    }

    /** The request's estimated cost at a candidate, NaN when it is unpriced. */
    static double estimatedCost(Candidate candidate) {
        return candidate.estimate() == null ? Double.NaN : candidate.estimate().totalCost();
    }
}
