package io.llmrouter.forward;

import io.llmrouter.state.BreakerState;
import io.llmrouter.state.BreakerState.Position;

import java.time.Duration;
import java.time.Instant;

/**
 * The rules of the passive-health circuit breaker, as pure transitions on {@link BreakerState}.
 *
 * <ul>
 *   <li>closed: failures are counted; {@code failureThreshold} in a row open the breaker;</li>
 *   <li>open: the target is skipped until {@code openUntil}; after that a trial is due, and one request
 *       may try the target: the one that claims the trial ({@link #trialClaim}) with a conditional
 *       write, which only one request of all instances can win;</li>
 *   <li>half-open: the claimed trial is under way and every other request skips the target, until the
 *       trial's result is written or the claim lapses ({@code trialUntil}), when a new trial is due;</li>
 *   <li>a trial (or any request) that succeeds closes the breaker; a trial that fails opens it again,
 *       for twice the previous cool-down, up to {@code maxCooldown}, so a target that stays broken is
 *       tried less and less often.</li>
 * </ul>
 * Only changes are written: a success on a closed, failure-free breaker writes nothing, so healthy
 * traffic costs no DynamoDB write.
 */
public record BreakerPolicy(int failureThreshold, Duration cooldown, Duration maxCooldown) {

    public BreakerPolicy {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be >= 1, got " + failureThreshold);
        }
        if (cooldown.isNegative() || cooldown.isZero() || maxCooldown.compareTo(cooldown) < 0) {
            throw new IllegalArgumentException("need 0 < cooldown <= maxCooldown, got " + cooldown + ", " + maxCooldown);
        }
    }

    public static BreakerPolicy defaults() {
        return new BreakerPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /**
     * How long a request that found the trial due holds it: the time its request has left, plus a grace.
     * The trial's result is written right after its attempt, which ends by the request's deadline; the
     * grace covers that write's retries and the small differences between instances' clocks. Past it,
     * the instance that sent the trial is taken for dead and another request may claim a new trial.
     */
    public static final Duration TRIAL_GRACE = Duration.ofSeconds(5);

    /** The state after a failed request, or null when nothing changes. */
    public BreakerState afterFailure(BreakerState current, String target, Instant now) {
        BreakerState state = current == null ? BreakerState.closed(target, now) : current;
        int failures = state.consecutiveFailures() + 1;
        long version = state.version() + 1;
        if (state.state() == Position.CLOSED && failures < failureThreshold) {
            return new BreakerState(target, Position.CLOSED, failures, null, now, version);
        }
        Duration nextCooldown = state.state() == Position.CLOSED ? cooldown : cooldownAfter(failures);
        return new BreakerState(target, Position.OPEN, failures, now.plus(nextCooldown), now, version);
    }

    /**
     * The claim a request writes to become the trial of {@code current}, whose trial is due: half-open
     * until the request's deadline ({@code timeLeft} from {@code now}) plus {@link #TRIAL_GRACE}. The
     * failure count and the end of the cool-down are kept, for a failed trial's next cool-down and for
     * people reading the state.
     */
    public BreakerState trialClaim(BreakerState current, Instant now, Duration timeLeft) {
        Duration left = timeLeft.isNegative() ? Duration.ZERO : timeLeft;
        return new BreakerState(current.target(), Position.HALF_OPEN, current.consecutiveFailures(),
                current.openUntil(), now, current.version() + 1, now.plus(left).plus(TRIAL_GRACE));
    }

    /** The state after a successful request, or null when the breaker is already closed and clean. */
    public BreakerState afterSuccess(BreakerState current, String target, Instant now) {
        if (current == null || (current.state() == Position.CLOSED && current.consecutiveFailures() == 0)) {
            return null;
        }
        return new BreakerState(target, Position.CLOSED, 0, null, now, current.version() + 1);
    }

    /**
     * How a breaker reads to people and tools: an open one whose cool-down has passed is half-open, as
     * one request may now try the target ({@link BreakerState#trialDue}); a claimed trial is half-open too,
     * and {@link BreakerState#refusal} tells the two apart.
     */
    public static Position effectivePosition(BreakerState state, Instant now) {
        if (state == null) {
            return Position.CLOSED;
        }
        if (state.state() == Position.OPEN && state.trialDue(now)) {
            return Position.HALF_OPEN;
        }
        return state.state();
    }

    /**
     * The cool-down after {@code failures} consecutive failures of an open or half-open breaker: each
     * failure past the one that opened it was a failed trial (or a request in flight when it opened)
     * and doubled the cool-down. Counted from the failures rather than from the stored times, because
     * a trial's claim rewrites {@code updatedAt}.
     */
    private Duration cooldownAfter(int failures) {
        Duration next = cooldown;
        for (int doubling = failureThreshold; doubling < failures && next.compareTo(maxCooldown) < 0; doubling++) {
            next = next.multipliedBy(2);
        }
        return next.compareTo(maxCooldown) > 0 ? maxCooldown : next;
    }
}
