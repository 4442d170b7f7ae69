package io.llmrouter.routing.filter;

import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Instant;
import java.util.Optional;

/**
 * A cluster with more requests waiting for a slot ({@code requests_deferred}) than {@code router.maxQueueDepth}
 * is skipped: a request sent there would wait behind them. An unreported queue passes.
 */
final class QueueDepthFilter implements TargetFilter {

    private final int maxQueueDepth;

    QueueDepthFilter(int maxQueueDepth) {
        this.maxQueueDepth = maxQueueDepth;
    }

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        Integer deferred = state.health() == null ? null : state.health().requestsDeferred();
        if (deferred == null || deferred <= maxQueueDepth) {
            return Optional.empty();
        }
        return Optional.of("queue depth " + deferred + " is over maxQueueDepth " + maxQueueDepth);
    }
}
