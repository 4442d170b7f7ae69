package io.llmrouter.wiring;

import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.spend.SpendRollup;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * One Embedded Metric Format document per routed request (the route function's, and the batch runner's for each
 * batch request it sends), on stdout: CloudWatch Logs turns it into
 * metrics, so the request path makes no CloudWatch API call and nothing is lost when Lambda freezes
 * the container. Names, units and dimensions are the contract of {@code docs/metrics.md}.
 *
 * <p>A second, smaller document carries the cost metrics by team ({@code [Function, Team]}: requests, tokens, cost),
 * for the dashboards' spend by team. A document of its own rather than a third dimension set on the first: a
 * dimension set applies to every metric of its document, and latencies or breaker opens by team would multiply
 * the custom metrics billed for no chart.
 */
public final class EmfRequestMetrics implements RequestObserver {

    private final String namespace;
    private final String function;

    /** @param function the {@code Function} dimension: {@code route}, or {@code batch-runner} for batch requests */
    public EmfRequestMetrics(String namespace, String function) {
        this.namespace = namespace;
        this.function = function;
    }

    @Override
    public void observe(RequestOutcome outcome) {
        if (!outcome.routed()) {
            return;
        }
        EmfDocuments.print(metrics -> record(metrics, outcome));
        EmfDocuments.print(metrics -> recordTeam(metrics, outcome));
    }

    private void recordTeam(Metrics metrics, RequestOutcome outcome) {
        metrics.setNamespace(namespace);
        metrics.clearDefaultDimensions();
        String team = outcome.caller().team();
        metrics.addDimension(DimensionSet.of("Function", function, "Team", team == null || team.isEmpty() ? SpendRollup.NO_TEAM : team));
        addSpend(metrics, outcome);
        // Known only for a team with a budget (limits.teams); the team budget alarm watches its Maximum.
        if (outcome.teamBudgetSpent() != null) {
            metrics.addMetric("TeamBudgetSpent", outcome.teamBudgetSpent(), MetricUnit.NONE);
        }
    }

    /** What both documents count: the request, its tokens and its cost (each left out when unknown). */
    private static void addSpend(Metrics metrics, RequestOutcome outcome) {
        metrics.addMetric("Requests", 1, MetricUnit.COUNT);
        if (outcome.promptTokens() != null) {
            metrics.addMetric("InputTokens", outcome.promptTokens(), MetricUnit.COUNT);
        }
        if (outcome.completionTokens() != null) {
            metrics.addMetric("OutputTokens", outcome.completionTokens(), MetricUnit.COUNT);
        }
        if (outcome.costUsd() != null) {
            metrics.addMetric("CostUSD", outcome.costUsd(), MetricUnit.NONE);
        }
    }

    private void record(Metrics metrics, RequestOutcome outcome) {
        metrics.setNamespace(namespace);
        // Powertools adds its Service dimension by default; the dashboards use Function and Target only.
        metrics.clearDefaultDimensions();
        metrics.addDimension(DimensionSet.of("Function", function));
        metrics.addDimension(DimensionSet.of("Function", function, "Target", outcome.targetOrNone()));
        metrics.addMetric("ClientErrors", outcome.clientError() ? 1 : 0, MetricUnit.COUNT);
        metrics.addMetric("Errors", outcome.serverError() ? 1 : 0, MetricUnit.COUNT);
        metrics.addMetric("Failovers", outcome.failovers(), MetricUnit.COUNT);
        metrics.addMetric("BreakerOpens", outcome.breakerOpens(), MetricUnit.COUNT);
        metrics.addMetric("Latency", outcome.latencyNanos() / 1e6, MetricUnit.MILLISECONDS);
        metrics.addMetric("UpstreamLatency", outcome.upstreamNanos() / 1e6, MetricUnit.MILLISECONDS);
        metrics.addMetric("RouterOverhead", outcome.overheadNanos() / 1e6, MetricUnit.MILLISECONDS);
        addSpend(metrics, outcome);
        if (outcome.savingsUsd() != null) {
            metrics.addMetric("SavingsUSD", outcome.savingsUsd(), MetricUnit.NONE);
        }
        if (outcome.firstEventNanos() != null) {
            metrics.addMetric("TimeToFirstToken", outcome.firstEventNanos() / 1e6, MetricUnit.MILLISECONDS);
        }
        addCache(metrics, outcome);
        // Properties, not dimensions: searchable in Logs Insights without multiplying metric series.
        if (outcome.requestId() != null) {
            metrics.addMetadata("requestId", outcome.requestId());
        }
        metrics.addMetadata("status", outcome.status());
        metrics.addMetadata("attempts", outcome.attempts());
        if (outcome.reason() != null) {
            metrics.addMetadata("reason", outcome.reason());
        }
        if (outcome.model() != null) {
            metrics.addMetadata("model", outcome.model());
        }
        if (outcome.streamEnd() != null) {
            metrics.addMetadata("stream", outcome.streamEnd());
        }
        if (outcome.cache() != null) {
            metrics.addMetadata("cache", outcome.cache());
        }
    }

    /**
     * Hits and misses of requests that used the response cache (a bypass counts in neither, so that
     * {@code CacheHits / (CacheHits + CacheMisses)} is the hit rate of the requests that could hit), and what the
     * hits saved: the cost of the answers they were served.
     */
    private static void addCache(Metrics metrics, RequestOutcome outcome) {
        boolean hit = outcome.cacheHit();
        if (!hit && !RequestOutcome.CACHE_MISS.equals(outcome.cache())) {
            return;
        }
        metrics.addMetric("CacheHits", hit ? 1 : 0, MetricUnit.COUNT);
        metrics.addMetric("CacheMisses", hit ? 0 : 1, MetricUnit.COUNT);
        if (hit && outcome.savingsUsd() != null) {
            metrics.addMetric("CacheSavedUSD", outcome.savingsUsd(), MetricUnit.NONE);
        }
    }
}
