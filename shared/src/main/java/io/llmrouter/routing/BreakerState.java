package io.llmrouter.routing;

import java.time.Instant;

/**
 * The passive-health circuit breaker of one target, shared by every instance of the route function
 * through the store.
 *
 * @param target              target name
 * @param state               closed (routable), open (skipped until {@code openUntil}), half-open (one trial allowed)
 * @param consecutiveFailures failures since the last success
 * @param openUntil           when an open breaker lets a trial through; null unless open
 * @param updatedAt           when this state was written
 * @param version             optimistic-locking counter; a write succeeds only against the version it read
 */
public record BreakerState(
        String target,
        Position state,
        int consecutiveFailures,
        Instant openUntil,
        Instant updatedAt,
        long version) {

    public enum Position {
        CLOSED, OPEN, HALF_OPEN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static BreakerState closed(String target, Instant now) {
        return new BreakerState(target, Position.CLOSED, 0, null, now, 0);
    }

    /** Whether a request may be sent to the target at {@code now}. */
    public boolean admits(Instant now) {
        return switch (state) {
            case CLOSED, HALF_OPEN -> true;
            case OPEN -> openUntil != null && !now.isBefore(openUntil);
        };
    }
}
