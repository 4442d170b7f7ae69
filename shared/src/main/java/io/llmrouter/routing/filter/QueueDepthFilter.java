package io.llmrouter.routing.filter;

import io.llmrouter.routing.LiveEvidence;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Instant;
import java.util.Optional;

/**
 * A cluster with more requests waiting for a slot than {@code router.maxQueueDepth} is skipped: a
 * request sent there would wait behind them. The queue is the probe's ({@code requests_deferred}) plus
 * what this instance sent since ({@link ClusterLoad}). An unreported queue passes.
 */
final class QueueDepthFilter implements TargetFilter {

    private final int maxQueueDepth;
    private final LiveEvidence evidence;

    QueueDepthFilter(int maxQueueDepth, LiveEvidence evidence) {
        this.maxQueueDepth = maxQueueDepth;
        this.evidence = evidence;
    }

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        return rejection(ClusterLoad.of(state, evidence));
    }

    /** The rejection for a cluster whose load is {@code load}; null: its record reports no queue. */
    Optional<String> rejection(ClusterLoad load) {
        if (load == null || load.queue() <= maxQueueDepth) {
            return Optional.empty();
        }
        if (load.sentSince() == 0 && load.endedSince() == 0) {
            return Optional.of("queue depth " + load.deferred() + " is over maxQueueDepth " + maxQueueDepth);
        }
        return Optional.of("queue depth " + load.queue() + " (" + load.describe() + ") is over maxQueueDepth "
                + maxQueueDepth);
    }
}
