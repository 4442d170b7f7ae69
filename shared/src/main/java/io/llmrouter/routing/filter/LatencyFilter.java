package io.llmrouter.routing.filter;

import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Instant;
import java.util.Optional;

/** A cluster whose last health probe took longer than {@code router.maxLatencyMs} is skipped. An unknown latency passes. */
final class LatencyFilter implements TargetFilter {

    private final long maxLatencyMs;

    LatencyFilter(long maxLatencyMs) {
        this.maxLatencyMs = maxLatencyMs;
    }

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        Long latency = state.health() == null ? null : state.health().probeLatencyMs();
        if (latency == null || latency <= maxLatencyMs) {
            return Optional.empty();
        }
        return Optional.of("probe latency " + latency + " ms is over maxLatencyMs " + maxLatencyMs);
    }
}
