package io.llmrouter.local.dashboard;

import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.spend.SpendRollup;
import io.llmrouter.wiring.GaugeListener;
import io.llmrouter.wiring.GaugeMetric;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The local stand-in for CloudWatch: keeps what the route function's metrics say about each request
 * (the same {@link RequestOutcome} its EMF documents are made from) and the gauges the pollers set
 * (the values their CloudWatch registry publishes in AWS), in time buckets, for the {@code /dashboard} page. Keeps the last {@link #KEPT_BUCKETS} buckets.
 */
public final class MetricsBoard implements RequestObserver, GaugeListener {

    static final int KEPT_BUCKETS = 360;

    private final Clock clock;
    private final long bucketMillis;
    private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();
    private final Map<String, Long> decisions = new TreeMap<>();

    /** @param bucket the width of one point on the charts (CloudWatch's period) */
    public MetricsBoard(Clock clock, Duration bucket) {
        this.clock = clock;
        this.bucketMillis = bucket.toMillis();
    }

    /**
     * One time bucket: request figures per target, spend per team, the response cache's hits, misses and savings,
     * and the last value of each gauge.
     */
    static final class Bucket {
        final Map<String, TargetFigures> targets = new TreeMap<>();
        /** CostUSD by Team, as the route function's team EMF document has it ({@code none} without a team). */
        final Map<String, Double> teamSpend = new TreeMap<>();
        final Map<String, Map<String, Double>> gauges = new TreeMap<>();
        final List<Double> latencies = new ArrayList<>();
        final List<Double> overheads = new ArrayList<>();
        /** CacheHits, CacheMisses and CacheSavedUSD, as the route function's EMF document has them. */
        long cacheHits;
        long cacheMisses;
        double cacheSavedUsd;
    }

    /** Request figures of one target in one bucket. */
    static final class TargetFigures {
        long requests;
        long errors;
        long clientErrors;
        long failovers;
        long breakerOpens;
        long inputTokens;
        long outputTokens;
        double costUsd;
        double savingsUsd;
    }

    @Override
    public void observe(RequestOutcome outcome) {
        if (!outcome.routed()) {
            return;
        }
        String target = outcome.targetOrNone();
        synchronized (this) {
            Bucket bucket = current();
            TargetFigures figures = bucket.targets.computeIfAbsent(target, t -> new TargetFigures());
            figures.requests++;
            figures.errors += outcome.serverError() ? 1 : 0;
            figures.clientErrors += outcome.clientError() ? 1 : 0;
            figures.failovers += outcome.failovers();
            figures.breakerOpens += outcome.breakerOpens();
            figures.inputTokens += outcome.promptTokens() == null ? 0 : outcome.promptTokens();
            figures.outputTokens += outcome.completionTokens() == null ? 0 : outcome.completionTokens();
            figures.costUsd += outcome.costUsd() == null ? 0 : outcome.costUsd();
            figures.savingsUsd += outcome.savingsUsd() == null ? 0 : outcome.savingsUsd();
            if (outcome.costUsd() != null) {
                bucket.teamSpend.merge(teamOf(outcome), outcome.costUsd(), Double::sum);
            }
            if (outcome.cacheHit()) {
                bucket.cacheHits++;
                bucket.cacheSavedUsd += outcome.savingsUsd() == null ? 0 : outcome.savingsUsd();
            } else if (RequestOutcome.CACHE_MISS.equals(outcome.cache())) {
                bucket.cacheMisses++;
            }
            bucket.latencies.add(outcome.latencyNanos() / 1e6);
            bucket.overheads.add(outcome.overheadNanos() / 1e6);
            String reason = outcome.reason() == null ? "(none)" : outcome.reason();
            decisions.merge(target + "\u0000" + reason, 1L, Long::sum);
        }
    }

    /** A gauge reading (TargetUp, TokensPerSecond, QueueDepth, CostPer1k...), now. */
    @Override
    public synchronized void gauge(GaugeMetric metric, String target, double value) {
        current().gauges.computeIfAbsent(metric.name(), m -> new TreeMap<>()).put(target == null ? "" : target, value);
    }

    /** The buckets from oldest to newest, keyed by their start (epoch millis). */
    synchronized NavigableMap<Long, Bucket> buckets() {
        return new TreeMap<>(buckets);
    }

    /** Requests per (target, reason) since the start. */
    synchronized Map<String, Long> decisions() {
        return new TreeMap<>(decisions);
    }

    private static String teamOf(RequestOutcome outcome) {
        String team = outcome.caller().team();
        return team == null || team.isEmpty() ? SpendRollup.NO_TEAM : team;
    }

    long bucketMillis() {
        return bucketMillis;
    }

    private Bucket current() {
        long start = clock.millis() / bucketMillis * bucketMillis;
        Bucket bucket = buckets.computeIfAbsent(start, s -> new Bucket());
        while (buckets.size() > KEPT_BUCKETS) {
            buckets.pollFirstEntry();
        }
        return bucket;
    }
}
