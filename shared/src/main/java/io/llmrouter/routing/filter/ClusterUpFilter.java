package io.llmrouter.routing.filter;

import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Instant;
import java.util.Optional;

/** A cluster whose last probe found it down (unreachable, loading its model...) is skipped, with the probe's reason. */
final class ClusterUpFilter implements TargetFilter {

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        if (state.health() == null || state.health().up()) {
            return Optional.empty();
        }
        return Optional.of("down: " + state.health().reason());
    }
}
