package io.llmrouter.cost;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.health.HealthRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Estimates how fast a cluster generates, for its $/1K.
 *
 * <p>llama-server's {@code predicted_tokens_seconds} gauge averages over the window since the
 * previous scrape, so an idle cluster reports 0 tokens/s: that says nothing about its speed and
 * would make it look infinitely expensive. So, in order:
 * <ol>
 *   <li>a loaded window: the live figure, blended with the previous estimate
 *       (exponential smoothing, weight {@link #SMOOTHING} on the new window) to ride out noise;</li>
 *   <li>an idle window after recent loaded ones: the previous smoothed estimate, while it is younger
 *       than {@code smoothedMaxAge};</li>
 *   <li>the server's token counters: tokens generated / seconds spent generating since it started;</li>
 *   <li>the model's expected tokens/s on the cluster's instance type from {@code models/}.</li>
 * </ol>
 * When none applies, there is no estimate and the last good cost record stays in place.
 */
public final class ThroughputEstimator {

    /** Weight of the newest loaded window in the smoothed estimate. */
    static final double SMOOTHING = 0.3;

    private final ModelCatalog catalog;
    private final Duration smoothedMaxAge;

    public ThroughputEstimator(ModelCatalog catalog, Duration smoothedMaxAge) {
        this.catalog = catalog;
        this.smoothedMaxAge = smoothedMaxAge;
    }

    /**
     * @param health   the cluster's newest health record, or null
     * @param previous the cluster's current cost record, or null
     * @param now      the time of this refresh
     */
    public Optional<ThroughputEstimate> estimate(ClusterConfig cluster, HealthRecord health, CostRecord previous,
                                                 Instant now) {
        Double live = health == null ? null : health.generationTokensPerSecond();
        Double prior = measuredBefore(previous, now);
        if (isPositive(live)) {
            if (prior == null) {
                return Optional.of(new ThroughputEstimate(live, CostBasis.LIVE_THROUGHPUT,
                        "live " + round(live) + " tok/s"));
            }
            double blended = SMOOTHING * live + (1 - SMOOTHING) * prior;
            return Optional.of(new ThroughputEstimate(blended, CostBasis.LIVE_THROUGHPUT,
                    "live " + round(live) + " tok/s smoothed with " + round(prior)));
        }
        if (prior != null) {
            return Optional.of(new ThroughputEstimate(prior, CostBasis.SMOOTHED_THROUGHPUT,
                    "idle window; last loaded estimate " + round(prior) + " tok/s"));
        }
        if (health != null && isPositive(health.generatedTokensTotal()) && isPositive(health.generationSecondsTotal())) {
            double average = health.generatedTokensTotal() / health.generationSecondsTotal();
            return Optional.of(new ThroughputEstimate(average, CostBasis.COUNTER_AVERAGE,
                    round(health.generatedTokensTotal()) + " tokens in " + round(health.generationSecondsTotal())
                            + " s of generation"));
        }
        return catalog.expectedTokensPerSecond(modelsOf(cluster, health), cluster.instanceType())
                .map(tps -> new ThroughputEstimate(tps, CostBasis.EXPECTED_THROUGHPUT,
                        "expected for " + cluster.instanceType() + " in models/"));
    }

    /** The previous estimate, if it came from loaded windows recently enough to still count. */
    private Double measuredBefore(CostRecord previous, Instant now) {
        if (previous == null || previous.tokensPerSecond() == null || !isPositive(previous.tokensPerSecond())) {
            return null;
        }
        boolean measured = previous.basis() == CostBasis.LIVE_THROUGHPUT || previous.basis() == CostBasis.SMOOTHED_THROUGHPUT;
        boolean recent = previous.observedAt() != null && !previous.observedAt().plus(smoothedMaxAge).isBefore(now);
        return measured && recent ? previous.tokensPerSecond() : null;
    }

    private static java.util.List<String> modelsOf(ClusterConfig cluster, HealthRecord health) {
        if (!cluster.models().isEmpty()) {
            return cluster.models();
        }
        return health == null ? java.util.List.of() : health.servedModels();
    }

    private static boolean isPositive(Double value) {
        return value != null && value > 0 && Double.isFinite(value);
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
