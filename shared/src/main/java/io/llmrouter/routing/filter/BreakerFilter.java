package io.llmrouter.routing.filter;

import io.llmrouter.routing.BreakerState;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Duration;
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
        // Seconds left rather than the instant: shorter to read, and formatting an Instant per open
        // breaker was a visible share of a large decision.
        return Optional.of("circuit breaker open after " + breaker.consecutiveFailures() + " consecutive failure(s)"
                + (breaker.openUntil() == null ? ", no trial time set"
                        : ", cooldown ends in " + Duration.between(now, breaker.openUntil()).toSeconds() + " s"));
    }
}
