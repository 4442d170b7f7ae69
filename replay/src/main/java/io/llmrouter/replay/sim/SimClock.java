package io.llmrouter.replay.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulated clock every component of a replay reads: the poller, cost-refresh, the snapshot cache
 * and the router. It moves only when the replay moves it, to a time in seconds after the trace's start.
 */
public final class SimClock extends Clock {

    /** The instant a replay's second 0 stands for; any fixed instant would do. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant now = START;

    public void set(double seconds) {
        Instant next = at(seconds);
        if (next.isBefore(now)) {
            throw new IllegalStateException("the simulated clock cannot go back from " + now + " to " + next);
        }
        now = next;
    }

    public static Instant at(double seconds) {
        return START.plusNanos(Math.round(seconds * 1e9));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is UTC");
    }
}
