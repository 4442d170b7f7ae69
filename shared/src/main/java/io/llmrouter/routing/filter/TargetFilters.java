package io.llmrouter.routing.filter;

import io.llmrouter.config.RouterSettings;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The router's filters in the order they are asked; the first rejection is the one reported.
 *
 * <p>Capability comes first (a target that can never serve the request says so rather than
 * "busy"), then the cluster's health, then the circuit breaker, which applies to providers too.
 */
public final class TargetFilters implements TargetFilter {

    private final TargetFilter[] filters;

    public TargetFilters(List<TargetFilter> filters) {
        this.filters = filters.toArray(TargetFilter[]::new);
    }

    public static TargetFilters standard(RouterSettings settings) {
        return new TargetFilters(List.of(
                new ModelServedFilter(),
                new ContextWindowFilter(),
                new HealthRecordFreshnessFilter(settings.healthStaleAfter()),
                new ClusterUpFilter(),
                new QueueDepthFilter(settings.maxQueueDepth()),
                new LatencyFilter(settings.maxLatencyMs()),
                new BreakerFilter()));
    }

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        for (TargetFilter filter : filters) {
            Optional<String> rejection = filter.rejection(state, request, now);
            if (rejection.isPresent()) {
                return rejection;
            }
        }
        return Optional.empty();
    }
}
