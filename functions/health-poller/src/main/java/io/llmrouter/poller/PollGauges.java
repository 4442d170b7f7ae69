package io.llmrouter.poller;

import io.llmrouter.health.HealthPoller;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.wiring.CloudWatchGauges;
import io.llmrouter.wiring.GaugeMetric;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The health-poller's gauges (names, units and dimensions from {@code docs/metrics.md}): per target,
 * whether it is up, its throughput, queue and probe latency; and how many clusters are up of those
 * probed.
 *
 * <p>Each round is published on its own, so with several rounds per invocation CloudWatch's per-minute
 * statistics (minimum, maximum, average) cover every round, not only the last. Measurements a probe
 * could not take (a down cluster has no queue) are not sent.
 */
@Singleton
public class PollGauges {

    static final GaugeMetric TARGET_UP = GaugeMetric.none("TargetUp");
    static final GaugeMetric TOKENS_PER_SECOND = GaugeMetric.none("TokensPerSecond");
    static final GaugeMetric QUEUE_DEPTH = GaugeMetric.none("QueueDepth");
    static final GaugeMetric PROBE_LATENCY = GaugeMetric.milliseconds("ProbeLatency");
    static final GaugeMetric HEALTHY_CLUSTERS = GaugeMetric.none("HealthyClusters");
    static final GaugeMetric TOTAL_CLUSTERS = GaugeMetric.none("TotalClusters");

    private final CloudWatchGauges gauges;

    public PollGauges(CloudWatchGauges gauges) {
        this.gauges = gauges;
    }

    /** Publishes every round, in order; returns once CloudWatch has answered. */
    public void publish(List<HealthPoller.Round> rounds) {
        for (HealthPoller.Round round : rounds) {
            for (HealthRecord record : round.records()) {
                gauges.set(TARGET_UP, record.target(), record.up() ? 1 : 0);
                gauges.set(TOKENS_PER_SECOND, record.target(), record.generationTokensPerSecond());
                gauges.set(QUEUE_DEPTH, record.target(), record.requestsDeferred());
                gauges.set(PROBE_LATENCY, record.target(), record.probeLatencyMs());
            }
            gauges.set(HEALTHY_CLUSTERS, round.upCount());
            gauges.set(TOTAL_CLUSTERS, round.records().size());
            gauges.publish();
        }
    }
}
