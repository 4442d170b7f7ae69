package io.llmrouter.routing;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance saw its targets do: when each last answered one of its requests successfully.
 *
 * <p>A health record says what the poller saw some seconds ago; a successful answer says what a
 * target did just now. The router keeps a cluster whose record has aged past its window while the
 * cluster keeps answering (see {@link HealthFreshness}). Failures need no record here: they open the
 * target's circuit breaker.
 */
public final class LiveEvidence {

    private final Map<String, Instant> lastAnswered = new ConcurrentHashMap<>();

    /** {@code target} answered a request successfully at {@code at}. */
    public void answered(String target, Instant at) {
        Instant previous = lastAnswered.get(target);
        // A plain put in the common case; requests finishing out of order never move the time back.
        if (previous == null || previous.isBefore(at)) {
            lastAnswered.merge(target, at, (old, now) -> now.isAfter(old) ? now : old);
        }
    }

    /** When {@code target} last answered this instance successfully; null if it never has. */
    public Instant lastAnswered(String target) {
        return lastAnswered.get(target);
    }
}
