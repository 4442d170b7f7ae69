package io.llmrouter.health;

import java.time.Duration;

/**
 * Time limits of one probe round against one cluster.
 *
 * @param connect    to open a TCP (and TLS) connection
 * @param perRequest for one request to answer, once sent
 * @param overall    for the whole probe, all requests included; the probe returns by then
 */
public record ProbeTimeouts(Duration connect, Duration perRequest, Duration overall) {

    public ProbeTimeouts {
        requirePositive(connect, "connect");
        requirePositive(perRequest, "perRequest");
        requirePositive(overall, "overall");
    }

    /** Short enough that one slow cluster cannot hold up a poll round of a one-minute schedule. */
    public static ProbeTimeouts defaults() {
        return new ProbeTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive, was " + duration);
        }
    }
}
