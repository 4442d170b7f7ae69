package io.llmrouter.state;

import io.llmrouter.config.StoreSettings;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Records with every optional field set or every optional field unknown, for store tests. */
final class Records {

    /**
     * Now, to the millisecond (the precision the store keeps). Not a fixed date: DynamoDB Local really
     * deletes items whose TTL has passed, so records must be young by the wall clock.
     */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final Duration RECORD_TTL = Duration.ofHours(24);

    private Records() {
    }

    static StoreSettings settings(String tableName, String partition) {
        return new StoreSettings(tableName, partition, Duration.ofSeconds(5), Duration.ofMinutes(5), RECORD_TTL);
    }

    static HealthRecord fullHealth(String target, Instant observedAt) {
        return new HealthRecord(target, true, "ok", observedAt, 12L, 85.5, 1234.25, 10_000.0, 117.5,
                2, 1, 2, 4, 8192, List.of("llama-3.1-8b-instruct", "qwen2.5-7b"), "boot-42");
    }

    static HealthRecord unknownHealth(String target, Instant observedAt) {
        return new HealthRecord(target, false, null, observedAt, null, null, null, null, null,
                null, null, null, null, null, List.of(), null);
    }

    /** Prices as small as real per-1K prices ($0.00015), which DynamoDB receives in exponent form. */
    static CostRecord fullCost(String target, String model, Instant observedAt) {
        return new CostRecord(target, model, 0.00015, 0.0006, 1.5E-7, 42.5, 128_000, CostBasis.PRICE_FEED,
                "litellm feed", observedAt, 0.0832);
    }

    static CostRecord unknownCost(String target, Instant observedAt) {
        return new CostRecord(target, CostRecord.ANY_MODEL, 0.0, 0.0, null, null, null, CostBasis.CONFIGURED,
                null, observedAt);
    }

    static BreakerState openBreaker(String target, Instant updatedAt, long version) {
        return new BreakerState(target, BreakerState.Position.OPEN, 5, updatedAt.plusSeconds(30), updatedAt, version);
    }

    static BreakerState halfOpenBreaker(String target, Instant updatedAt, long version) {
        return new BreakerState(target, BreakerState.Position.HALF_OPEN, 0, null, updatedAt, version);
    }

    /** A trial claimed at {@code updatedAt}, after a cool-down that ended then, lapsing 25 s later. */
    static BreakerState claimedBreaker(String target, Instant updatedAt, long version) {
        return new BreakerState(target, BreakerState.Position.HALF_OPEN, 5, updatedAt, updatedAt, version,
                updatedAt.plusSeconds(25));
    }
}
