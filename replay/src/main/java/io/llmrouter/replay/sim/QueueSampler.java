package io.llmrouter.replay.sim;

import io.llmrouter.state.HealthRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Records each cluster's true and seen queue depth during a replay: after every health-poller round, and at
 * arrivals in between, where queues form unseen. Arrival samples are at least {@code spacing} apart, so a
 * trace adds at most about {@value #ARRIVAL_SAMPLES} of them per cluster however many requests it has.
 */
final class QueueSampler {

    /** Arrival samples per cluster over the trace's duration, at most (about). */
    static final int ARRIVAL_SAMPLES = 2000;

    private final World world;
    private final double spacing;
    private final List<QueueSample> samples = new ArrayList<>();
    private double lastArrivalSample = Double.NEGATIVE_INFINITY;

    QueueSampler(World world, double traceSeconds) {
        this.world = world;
        this.spacing = traceSeconds / ARRIVAL_SAMPLES;
    }

    /** Right after a poll: the store holds what the poller just saw. */
    void afterPoll() {
        sample();
    }

    /** Right after a request was sent, unless the last arrival sample is more recent than the spacing. */
    void atArrival() {
        double now = world.now();
        if (now - lastArrivalSample >= spacing) {
            lastArrivalSample = now;
            sample();
        }
    }

    private void sample() {
        double now = world.now();
        for (SimulatedCluster cluster : world.clusters().values()) {
            HealthRecord seen = world.store().healthOf(cluster.name());
            samples.add(new QueueSample(now, cluster.name(), cluster.deferredAt(now),
                    seen == null ? null : seen.requestsDeferred()));
        }
    }

    List<QueueSample> samples() {
        return samples;
    }
}
