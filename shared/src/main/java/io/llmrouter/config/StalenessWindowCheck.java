package io.llmrouter.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Catches a staleness window too short for the poll interval: one in which a cluster polled exactly
 * on schedule would be refused as "stale" between two polls.
 *
 * <p>When the route function loads a health record it can be as old as one poll interval, plus
 * {@link #POLL_SLACK}: a healthy cluster's probe and the record's write, and how late a scheduled
 * invocation may start (EventBridge delivery, the poller's own start-up). The snapshot's age does not
 * count on top (see {@code HealthFreshness}). So {@code staleAfterIntervals × healthCheckInterval}
 * must be at least {@code healthCheckInterval + POLL_SLACK}.
 *
 * <p>For now a config that fails the check still loads, with {@code staleAfterIntervals} raised to
 * the smallest value that passes and a warning that names the settings and the arithmetic.
 */
public final class StalenessWindowCheck {

    /** Probe, write and a late scheduled start: what a record may be older than one interval. */
    public static final Duration POLL_SLACK = Duration.ofSeconds(3);

    /** The corrected settings and why they were corrected. */
    public record Correction(RouterSettings settings, String warning) {
    }

    private StalenessWindowCheck() {
    }

    /** The oldest a record of a cluster polled on schedule can be when the route function reads it. */
    private static Duration oldestOnSchedule(Duration healthCheckInterval) {
        return healthCheckInterval.plus(POLL_SLACK);
    }

    /** Empty when {@code settings} cannot refuse a cluster polled on schedule. */
    public static Optional<Correction> review(RouterSettings settings) {
        Duration interval = settings.healthCheckInterval();
        Duration window = settings.healthStaleAfter();
        Duration oldest = oldestOnSchedule(interval);
        if (window.compareTo(oldest) >= 0) {
            return Optional.empty();
        }
        int needed = (int) ((oldest.toMillis() + interval.toMillis() - 1) / interval.toMillis());
        String warning = String.format(Locale.ROOT,
                "router.staleAfterIntervals %d x router.healthCheckInterval %s = %s is shorter than the age a health "
                        + "record can reach while the poller keeps its schedule: healthCheckInterval %s + %s (probe, "
                        + "write, a late scheduled start) = %s. Clusters polled on time would be refused as stale "
                        + "between polls. Using staleAfterIntervals %d (%s) instead; set it to %d or more to keep "
                        + "this config loading in future releases.",
                settings.staleAfterIntervals(), human(interval), human(window), human(interval), human(POLL_SLACK),
                human(oldest), needed, human(interval.multipliedBy(needed)), needed);
        return Optional.of(new Correction(settings.withStaleAfterIntervals(needed), warning));
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
