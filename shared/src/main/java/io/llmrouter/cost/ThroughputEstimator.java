package io.llmrouter.cost;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Estimates how fast a cluster generates, for its $/1K.
 *
 * <p>llama-server's {@code predicted_tokens_seconds} gauge averages over the window since the
 * previous scrape, so an idle cluster reports 0 tokens/s: that says nothing about its speed and
 * would make it look infinitely expensive. So, in order, with the {@link CostBasis} each gives:
 * <ol>
 *   <li>a loaded window the price has not used yet (see {@link #isNewWindow}): its live figure
 *       ({@code LIVE_THROUGHPUT}), or, when the last loaded estimate
 *       is at most {@code loadedEstimateMaxAge} old, the two blended by exponential smoothing, weight
 *       {@link #SMOOTHING} on the new window, to ride out noise ({@code SMOOTHED_THROUGHPUT});</li>
 *   <li>an idle window while the last loaded estimate is at most {@code loadedEstimateMaxAge} old:
 *       that estimate as it was written, with its own basis, source and time;</li>
 *   <li>the server's token counters: tokens generated / seconds spent generating since it started
 *       ({@code COUNTER_AVERAGE});</li>
 *   <li>the {@code tokensPerSecond} stated in the cluster's config ({@code CONFIGURED});</li>
 *   <li>the model's expected tokens/s on the cluster's instance type from {@code models/}
 *       ({@code EXPECTED_THROUGHPUT}).</li>
 * </ol>
 * When none applies, there is no estimate and the last good cost record stays in place.
 */
public final class ThroughputEstimator {

    /** Weight of the newest loaded window in the smoothed estimate. */
    static final double SMOOTHING = 0.3;

    private final ModelCatalog catalog;
    private final Duration loadedEstimateMaxAge;

    public ThroughputEstimator(ModelCatalog catalog, Duration loadedEstimateMaxAge) {
        this.catalog = catalog;
        this.loadedEstimateMaxAge = loadedEstimateMaxAge;
    }

    /**
     * @param health   the cluster's newest health record, or null
     * @param previous the cluster's current cost record, or null
     * @param now      the time of this refresh
     */
    public Optional<ThroughputEstimate> estimate(ClusterConfig cluster, HealthRecord health, CostRecord previous,
                                                 Instant now) {
        Double live = health == null ? null : health.generationTokensPerSecond();
        CostRecord loaded = recentLoadedEstimate(previous, now);
        if (isPositive(live) && isNewWindow(health, loaded, now)) {
            if (loaded == null) {
                return Optional.of(new ThroughputEstimate(live, CostBasis.LIVE_THROUGHPUT,
                        "live " + round(live) + " tok/s", now));
            }
            double prior = loaded.tokensPerSecond();
            double blended = SMOOTHING * live + (1 - SMOOTHING) * prior;
            return Optional.of(new ThroughputEstimate(blended, CostBasis.SMOOTHED_THROUGHPUT,
                    "live " + round(live) + " tok/s smoothed with " + round(prior), now));
        }
        if (loaded != null) {
            // Kept as it was measured, time included: its age limit must run from its loaded window, not
            // restart with every idle refresh, or an idle cluster would keep an old figure for ever.
            return Optional.of(new ThroughputEstimate(loaded.tokensPerSecond(), loaded.basis(), loaded.source(),
                    loaded.observedAt()));
        }
        if (health != null && isPositive(health.generatedTokensTotal()) && isPositive(health.generationSecondsTotal())) {
            double average = health.generatedTokensTotal() / health.generationSecondsTotal();
            return Optional.of(new ThroughputEstimate(average, CostBasis.COUNTER_AVERAGE,
                    round(health.generatedTokensTotal()) + " tokens in " + round(health.generationSecondsTotal())
                            + " s of generation", now));
        }
        if (isPositive(cluster.tokensPerSecond())) {
            return Optional.of(new ThroughputEstimate(cluster.tokensPerSecond(), CostBasis.CONFIGURED,
                    "tokensPerSecond in the config", now));
        }
        return catalog.expectedTokensPerSecond(modelsOf(cluster, health), cluster.instanceType())
                .map(tps -> new ThroughputEstimate(tps, CostBasis.EXPECTED_THROUGHPUT,
                        "expected for " + cluster.instanceType() + " in models/", now));
    }

    /**
     * Whether the health record's gauge is a window this cluster's price has not used yet: observed after
     * the last loaded estimate was written (a refresh that finds the poller's same record again, because
     * the poller stopped or polls less often than prices refresh, must not blend that window in twice), and
     * itself within {@code loadedEstimateMaxAge} (a stopped poller's last gauge is no live figure).
     */
    private boolean isNewWindow(HealthRecord health, CostRecord loaded, Instant now) {
        Instant observed = health.observedAt();
        if (observed == null || observed.plus(loadedEstimateMaxAge).isBefore(now)) {
            return false;
        }
        return loaded == null || observed.isAfter(loaded.observedAt());
    }

    /** The previous record, if it came from loaded windows recently enough to still count. */
    private CostRecord recentLoadedEstimate(CostRecord previous, Instant now) {
        if (previous == null || !isPositive(previous.tokensPerSecond()) || previous.observedAt() == null) {
            return null;
        }
        boolean loaded = previous.basis() == CostBasis.LIVE_THROUGHPUT || previous.basis() == CostBasis.SMOOTHED_THROUGHPUT;
        boolean recent = !previous.observedAt().plus(loadedEstimateMaxAge).isBefore(now);
        return loaded && recent ? previous : null;
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
