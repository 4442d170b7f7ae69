package io.llmrouter.health;

import java.time.Duration;

/**
 * When one scheduled invocation of the health-poller probes.
 *
 * <p>A scheduler such as EventBridge invokes the poller every {@code invokedEvery} (once a minute at
 * best), while {@code router.healthCheckInterval} asks for polls more often than that. So each
 * invocation polls every {@code interval} for its whole period: rounds start at 0, interval,
 * 2 × interval, ... for as long as they start before the next invocation is due. The invocation
 * therefore lasts about {@code invokedEvery} whenever the interval is shorter, and the longest time
 * between two polls is one interval plus however late the next invocation starts.
 *
 * <p>An interval longer than the schedule gives one round per invocation: polls then happen on the
 * schedule, more often than asked.
 *
 * @param invokedEvery how often the scheduler invokes the poller
 * @param interval     {@code router.healthCheckInterval}
 */
public record PollPlan(Duration invokedEvery, Duration interval) {

    public PollPlan {
        if (!invokedEvery.isPositive() || !interval.isPositive()) {
            throw new IllegalArgumentException("the schedule and the poll interval must be positive, got "
                    + invokedEvery + " and " + interval);
        }
    }

    /** ceil(invokedEvery / interval), at least 1. */
    public int rounds() {
        long every = invokedEvery.toNanos();
        long step = interval.toNanos();
        return (int) Math.max(1, (every + step - 1) / step);
    }

    /** When round {@code round} (0-based) starts, from the start of the invocation. */
    public Duration offset(int round) {
        return interval.multipliedBy(round);
    }

    /**
     * The longest a cluster goes unpolled while the schedule keeps time: within an invocation one
     * interval; across two, the rest of the period after the last round plus {@code lateStart}, how
     * late the next invocation's first round may begin (scheduler delivery, function start-up).
     */
    public Duration longestGap(Duration lateStart) {
        Duration acrossInvocations = invokedEvery.minus(offset(rounds() - 1)).plus(lateStart);
        return rounds() > 1 && interval.compareTo(acrossInvocations) > 0 ? interval : acrossInvocations;
    }
}
