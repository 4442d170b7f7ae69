package io.llmrouter.state;

import java.time.Duration;
import java.time.Instant;

/**
 * The passive-health circuit breaker of one target, shared by every instance of the route function
 * through the store.
 *
 * <p>Positions: closed (routable); open (skipped until {@code openUntil}; after that a trial is due);
 * half-open (one request, the one that claimed the trial in the store, has been sent as the trial; the
 * others are skipped until its result is written or the claim lapses at {@code trialUntil}).
 *
 * @param target              target name
 * @param state               closed, open or half-open, as above
 * @param consecutiveFailures failures since the last success
 * @param openUntil           when the cool-down ends; null unless open or half-open
 * @param updatedAt           when this state was written
 * @param version             optimistic-locking counter; a write succeeds only against the version it read
 * @param trialUntil          when the claim on the trial lapses; null unless half-open
 */
public record BreakerState(
        String target,
        Position state,
        int consecutiveFailures,
        Instant openUntil,
        Instant updatedAt,
        long version,
        Instant trialUntil) {

    public enum Position {
        CLOSED, OPEN, HALF_OPEN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a breaker whose trial is due means for its target, for reasons and the admin view. */
    public static final String TRIAL_DUE = "circuit breaker half-open: a trial is due";

    /** A state without a trial claim. */
    public BreakerState(String target, Position state, int consecutiveFailures, Instant openUntil, Instant updatedAt,
                        long version) {
        this(target, state, consecutiveFailures, openUntil, updatedAt, version, null);
    }

    public static BreakerState closed(String target, Instant now) {
        return new BreakerState(target, Position.CLOSED, 0, null, now, 0);
    }

    /**
     * Whether a request may be routed to the target at {@code now}: the breaker is closed, or a trial is
     * due. A due trial still has to be claimed before the request is sent; of all the requests routed on
     * a due trial only the one that wins the claim goes.
     */
    public boolean admits(Instant now) {
        return state == Position.CLOSED || trialDue(now);
    }

    /**
     * Whether the next request may claim the trial: the cool-down is over and no claim holds, or the
     * claim lapsed (its instance died, or its result was never written). A half-open state without a
     * lapse time cannot hold the target out, so it counts as lapsed.
     */
    public boolean trialDue(Instant now) {
        return switch (state) {
            case CLOSED -> false;
            case OPEN -> openUntil != null && !now.isBefore(openUntil);
            case HALF_OPEN -> trialUntil == null || !now.isBefore(trialUntil);
        };
    }

    /** Why the breaker keeps requests from the target at {@code now}; null when it {@linkplain #admits admits} them. */
    public String refusal(Instant now) {
        if (admits(now)) {
            return null;
        }
        // Seconds left rather than the instant: shorter to read, and formatting an Instant per open
        // breaker was a visible share of a large decision.
        if (state == Position.HALF_OPEN) {
            return "circuit breaker half-open: a trial is under way, its claim lapses in "
                    + Duration.between(now, trialUntil).toSeconds() + " s";
        }
        return "circuit breaker open after " + consecutiveFailures + " consecutive failure(s)"
                + (openUntil == null ? ", no trial time set"
                        : ", cooldown ends in " + Duration.between(now, openUntil).toSeconds() + " s");
    }
}
