package io.llmrouter.spend;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The width of a spend bucket, in UTC, and how long the table keeps one: hours long enough to look back over
 * a month, days over a year.
 */
public enum SpendGranularity {
    HOUR(ChronoUnit.HOURS, Duration.ofDays(40)),
    DAY(ChronoUnit.DAYS, Duration.ofDays(400));

    private final ChronoUnit unit;
    private final Duration retention;

    SpendGranularity(ChronoUnit unit, Duration retention) {
        this.unit = unit;
        this.retention = retention;
    }

    /** The start of the bucket {@code instant} falls in. */
    public Instant bucketStart(Instant instant) {
        return instant.truncatedTo(unit);
    }

    public Instant nextBucketStart(Instant bucketStart) {
        return bucketStart.plus(1, unit);
    }

    /** How long after its start DynamoDB TTL deletes a bucket. */
    public Duration retention() {
        return retention;
    }

    /** The name in the API and in the table's sort keys. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SpendGranularity> fromWire(String name) {
        for (SpendGranularity granularity : values()) {
            if (granularity.wireName().equals(name)) {
                return Optional.of(granularity);
            }
        }
        return Optional.empty();
    }
}
