package io.llmrouter.routing.filter;

import io.llmrouter.routing.BreakerState;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Instant;
import java.util.Optional;

/**
 * A target whose circuit breaker is open is skipped until its cooldown ends ({@link BreakerState#admits}).
 * Half-open lets the trial request through. Applies to clusters and providers alike.
 */
final class BreakerFilter implements TargetFilter {

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        BreakerState breaker = state.breaker();
        if (breaker == null || breaker.admits(now)) {
            return Optional.empty();
        }
        return Optional.of("circuit breaker open"
                + (breaker.openUntil() == null ? "" : " until " + breaker.openUntil())
                + " after " + breaker.consecutiveFailures() + " consecutive failure(s)");
    }
}
