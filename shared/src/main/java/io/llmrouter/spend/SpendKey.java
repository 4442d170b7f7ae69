package io.llmrouter.spend;

import java.time.Instant;
import java.util.Objects;

/**
 * One bucket of the roll-up: a granularity, a dimension, the bucket's start and the dimension's value
 * ({@code hour}, {@code team}, {@code 2026-12-05T11:00:00Z}, {@code platform}).
 */
public record SpendKey(SpendGranularity granularity, SpendDimension dimension, Instant bucketStart, String value) {

    public SpendKey {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(dimension, "dimension");
        if (!granularity.bucketStart(bucketStart).equals(bucketStart)) {
            throw new IllegalArgumentException(bucketStart + " is not the start of a " + granularity.wireName());
        }
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a spend bucket needs a value");
        }
    }
}
