package io.llmrouter.replay.sim;

import java.time.Duration;

/**
 * How a replay runs, beyond the router config and the trace.
 *
 * @param seed                the seed of every random choice (round-robin's shuffle): same seed, same report
 * @param ttftSlaSeconds      time to first token a request should get; later ones are SLA misses (the
 *                            config's {@code router.ttftSla} unless the command line gives one)
 * @param pollerInvokedEvery  how often the health-poller's schedule invokes it (the template: every minute);
 *                            each invocation polls every {@code router.healthCheckInterval}
 * @param costRefreshEvery    how often cost-refresh runs (the template: every 5 minutes)
 * @param premiumProvider     the provider {@code always-premium} sends everything to; null: the enabled
 *                            provider whose default model's output tokens are priciest
 */
public record ReplaySettings(long seed, double ttftSlaSeconds, Duration pollerInvokedEvery, Duration costRefreshEvery,
                             String premiumProvider) {

    public static ReplaySettings defaults() {
        return new ReplaySettings(1, 2.0, Duration.ofMinutes(1), Duration.ofMinutes(5), null);
    }

    public ReplaySettings {
        if (!(ttftSlaSeconds > 0) || !pollerInvokedEvery.isPositive() || !costRefreshEvery.isPositive()) {
            throw new IllegalArgumentException("a replay needs a positive TTFT SLA, poller schedule and cost-refresh "
                    + "interval, got " + ttftSlaSeconds + " s, " + pollerInvokedEvery + ", " + costRefreshEvery);
        }
    }

    public ReplaySettings withTtftSla(double seconds) {
        return new ReplaySettings(seed, seconds, pollerInvokedEvery, costRefreshEvery, premiumProvider);
    }

    public ReplaySettings withSeed(long newSeed) {
        return new ReplaySettings(newSeed, ttftSlaSeconds, pollerInvokedEvery, costRefreshEvery, premiumProvider);
    }
}
