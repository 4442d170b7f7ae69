package io.llmrouter.config;

import java.time.Duration;

/**
 * How the router chooses among targets.
 *
 * @param routingStrategy        how eligible targets are ranked
 * @param clusterCostThreshold   $/1K tokens under which the hybrid strategy keeps a request on clusters
 * @param enableExternalFallback whether external providers are used when no cluster is healthy
 * @param healthCheckInterval    how often the health-poller runs; staleness is measured in these
 * @param staleAfterIntervals    a health record older than this many intervals counts as missing
 * @param maxLatencyMs           clusters whose probe latency is higher are skipped
 * @param maxQueueDepth          clusters with more deferred requests than this are skipped
 * @param overheadFactor         multiplier on a node's raw $/1K for what the hourly price leaves out
 *                               (storage, network, idle capacity); 1.10 by default
 * @param assumedOutputTokens    output tokens assumed when a request sets no max_tokens
 * @param hysteresis             what it takes to switch away from the current choice for a model
 * @param adminKey               Bearer token for the admin endpoints; null disables them
 * @param complexity             prompt-complexity tiering
 * @param savingsBaseline        the target and model whose price a request's savings are measured against
 *                               (usually the premium model it would otherwise go to); null: no savings figures
 * @param dropUnsupportedParams  a request parameter a provider's API no longer takes (Anthropic's sampling
 *                               fields) is left out of the request to that provider and named in
 *                               {@code x-router-dropped-params}; false: that provider refuses the request
 *                               (400 naming the parameter and the target when no other candidate takes it)
 * @param ttftSla                the time to first token a request should get: a cluster whose estimated wait
 *                               for a slot plus prefill is longer is skipped; null: no such check
 * @param playground             whether the route function serves the {@code /playground} page and the client-key
 *                               endpoints it reads ({@code /v1/router/decision}, {@code /v1/router/fleet}); off
 *                               by default, so a deployed router shows nothing more than its API unless asked
 */
public record RouterSettings(
        RoutingStrategyName routingStrategy,
        double clusterCostThreshold,
        boolean enableExternalFallback,
        Duration healthCheckInterval,
        int staleAfterIntervals,
        long maxLatencyMs,
        int maxQueueDepth,
        double overheadFactor,
        int assumedOutputTokens,
        HysteresisSettings hysteresis,
        String adminKey,
        ComplexitySettings complexity,
        ModelAlias.AliasTarget savingsBaseline,
        boolean dropUnsupportedParams,
        Duration ttftSla,
        boolean playground) {

    public static final double DEFAULT_OVERHEAD_FACTOR = 1.10;

    /** Settings without the playground. */
    public RouterSettings(RoutingStrategyName routingStrategy, double clusterCostThreshold,
                          boolean enableExternalFallback, Duration healthCheckInterval, int staleAfterIntervals,
                          long maxLatencyMs, int maxQueueDepth, double overheadFactor, int assumedOutputTokens,
                          HysteresisSettings hysteresis, String adminKey, ComplexitySettings complexity,
                          ModelAlias.AliasTarget savingsBaseline, boolean dropUnsupportedParams, Duration ttftSla) {
        this(routingStrategy, clusterCostThreshold, enableExternalFallback, healthCheckInterval, staleAfterIntervals,
                maxLatencyMs, maxQueueDepth, overheadFactor, assumedOutputTokens, hysteresis, adminKey, complexity,
                savingsBaseline, dropUnsupportedParams, ttftSla, false);
    }

    /** Settings without a time-to-first-token SLA. */
    public RouterSettings(RoutingStrategyName routingStrategy, double clusterCostThreshold,
                          boolean enableExternalFallback, Duration healthCheckInterval, int staleAfterIntervals,
                          long maxLatencyMs, int maxQueueDepth, double overheadFactor, int assumedOutputTokens,
                          HysteresisSettings hysteresis, String adminKey, ComplexitySettings complexity,
                          ModelAlias.AliasTarget savingsBaseline, boolean dropUnsupportedParams) {
        this(routingStrategy, clusterCostThreshold, enableExternalFallback, healthCheckInterval, staleAfterIntervals,
                maxLatencyMs, maxQueueDepth, overheadFactor, assumedOutputTokens, hysteresis, adminKey, complexity,
                savingsBaseline, dropUnsupportedParams, null);
    }

    /** Settings without complexity tiering. */
    public RouterSettings(RoutingStrategyName routingStrategy, double clusterCostThreshold,
                          boolean enableExternalFallback, Duration healthCheckInterval, int staleAfterIntervals,
                          long maxLatencyMs, int maxQueueDepth, double overheadFactor, int assumedOutputTokens,
                          HysteresisSettings hysteresis, String adminKey) {
        this(routingStrategy, clusterCostThreshold, enableExternalFallback, healthCheckInterval, staleAfterIntervals,
                maxLatencyMs, maxQueueDepth, overheadFactor, assumedOutputTokens, hysteresis, adminKey,
                ComplexitySettings.disabled(), null, true);
    }

    /** Settings without a savings baseline. */
    public RouterSettings(RoutingStrategyName routingStrategy, double clusterCostThreshold,
                          boolean enableExternalFallback, Duration healthCheckInterval, int staleAfterIntervals,
                          long maxLatencyMs, int maxQueueDepth, double overheadFactor, int assumedOutputTokens,
                          HysteresisSettings hysteresis, String adminKey, ComplexitySettings complexity) {
        this(routingStrategy, clusterCostThreshold, enableExternalFallback, healthCheckInterval, staleAfterIntervals,
                maxLatencyMs, maxQueueDepth, overheadFactor, assumedOutputTokens, hysteresis, adminKey, complexity, null,
                true);
    }

    /** The settings a config without a {@code router} section gets. */
    public static RouterSettings defaults() {
        return new RouterSettings(RoutingStrategyName.HYBRID, 0.01, true, Duration.ofSeconds(30), 3, 5000, 10,
                DEFAULT_OVERHEAD_FACTOR, 256, HysteresisSettings.defaults(), null);
    }

    /** The age past which a health record no longer counts: staleAfterIntervals poll intervals. */
    public Duration healthStaleAfter() {
        return healthCheckInterval.multipliedBy(staleAfterIntervals);
    }

    /** The same settings with another staleness window. */
    public RouterSettings withStaleAfterIntervals(int intervals) {
        return new RouterSettings(routingStrategy, clusterCostThreshold, enableExternalFallback, healthCheckInterval,
                intervals, maxLatencyMs, maxQueueDepth, overheadFactor, assumedOutputTokens, hysteresis, adminKey,
                complexity, savingsBaseline, dropUnsupportedParams, ttftSla, playground);
    }

    @Override
    public String toString() {
        // adminKey is a secret: keep it out of logs and exception messages.
        return "RouterSettings[routingStrategy=" + routingStrategy + ", clusterCostThreshold=" + clusterCostThreshold
                + ", enableExternalFallback=" + enableExternalFallback + ", healthCheckInterval=" + healthCheckInterval
                + ", staleAfterIntervals=" + staleAfterIntervals + ", maxLatencyMs=" + maxLatencyMs
                + ", maxQueueDepth=" + maxQueueDepth + ", overheadFactor=" + overheadFactor
                + ", assumedOutputTokens=" + assumedOutputTokens + ", hysteresis=" + hysteresis
                + ", adminKey=" + (adminKey == null ? "unset" : "***") + ", complexity=" + complexity
                + ", savingsBaseline=" + savingsBaseline + ", dropUnsupportedParams=" + dropUnsupportedParams
                + ", ttftSla=" + ttftSla + ", playground=" + playground + "]";
    }
}
