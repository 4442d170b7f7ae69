package io.llmrouter.routing.filter;

import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;
import io.llmrouter.state.BreakerState;

import java.time.Instant;
import java.util.Optional;

/**
 * A target whose circuit breaker is open is skipped until its cool-down ends, and a half-open one while
 * another request's trial is under way ({@link BreakerState#admits}). A target whose trial is due is let
 * through: the forwarder claims the trial before sending, and holds the request back if another one
 * claimed it first. Applies to clusters and providers alike.
 */
final class BreakerFilter implements TargetFilter {

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        BreakerState breaker = state.breaker();
        return breaker == null ? Optional.empty() : Optional.ofNullable(breaker.refusal(now));
    }

    /** For an admitted target whose trial is due, so that its candidate's reason says so; null otherwise. */
    String trialNote(TargetState state, Instant now) {
        BreakerState breaker = state.breaker();
        return breaker != null && breaker.trialDue(now) ? BreakerState.TRIAL_DUE : null;
    }
}
