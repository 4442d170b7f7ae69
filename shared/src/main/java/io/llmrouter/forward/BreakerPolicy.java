package io.llmrouter.forward;

import io.llmrouter.routing.BreakerState;
import io.llmrouter.routing.BreakerState.Position;

import java.time.Duration;
import java.time.Instant;

/**
 * The rules of the passive-health circuit breaker, as pure transitions on {@link BreakerState}.
 *
 * <ul>
 *   <li>closed: failures are counted; {@code failureThreshold} in a row open the breaker;</li>
 *   <li>open: the target is skipped until {@code openUntil}; after that one request may try it
 *       (the router lets it through, {@link BreakerState#admits});</li>
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

    /** The state after a failed request, or null when nothing changes. */
    public BreakerState afterFailure(BreakerState current, String target, Instant now) {
        BreakerState state = current == null ? BreakerState.closed(target, now) : current;
        int failures = state.consecutiveFailures() + 1;
        long version = state.version() + 1;
        if (state.state() == Position.CLOSED && failures < failureThreshold) {
            return new BreakerState(target, Position.CLOSED, failures, null, now, version);
        }
        Duration nextCooldown = state.state() == Position.CLOSED ? cooldown : doubled(previousCooldown(state));
        return new BreakerState(target, Position.OPEN, failures, now.plus(nextCooldown), now, version);
    }

    /** The state after a successful request, or null when the breaker is already closed and clean. */
    public BreakerState afterSuccess(BreakerState current, String target, Instant now) {
        if (current == null || (current.state() == Position.CLOSED && current.consecutiveFailures() == 0)) {
            return null;
        }
        return new BreakerState(target, Position.CLOSED, 0, null, now, current.version() + 1);
    }

    /** How a breaker reads to people and tools: an open one whose cool-down has passed is half-open. */
    public static Position effectivePosition(BreakerState state, Instant now) {
        if (state == null) {
            return Position.CLOSED;
        }
        if (state.state() == Position.OPEN && state.admits(now)) {
            return Position.HALF_OPEN;
        }
        return state.state();
    }

    private Duration previousCooldown(BreakerState state) {
        if (state.openUntil() == null || state.updatedAt() == null) {
            return cooldown;
        }
        Duration previous = Duration.between(state.updatedAt(), state.openUntil());
        return previous.compareTo(cooldown) < 0 ? cooldown : previous;
    }

    private Duration doubled(Duration previous) {
        Duration next = previous.multipliedBy(2);
        return next.compareTo(maxCooldown) > 0 ? maxCooldown : next;
    }
}
