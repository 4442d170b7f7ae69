package io.llmrouter.replay.sim;

import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.RoutingStateStore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The routing state of one replay, with DynamoDB's conditional writes: an older observation never
 * replaces a newer one, a breaker is written only over the version it was read at.
 */
public final class InMemoryStateStore implements RoutingStateStore {

    private final Clock clock;
    private final Map<String, HealthRecord> health = new ConcurrentHashMap<>();
    private final Map<RoutingSnapshot.CostKey, CostRecord> costs = new ConcurrentHashMap<>();
    private final Map<String, BreakerState> breakers = new ConcurrentHashMap<>();

    public InMemoryStateStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean putHealth(HealthRecord record) {
        return putUnlessOlder(health, record.target(), record, record.observedAt(), HealthRecord::observedAt);
    }

    @Override
    public boolean putCost(CostRecord record) {
        return putUnlessOlder(costs, new RoutingSnapshot.CostKey(record.target(), record.model()), record,
                record.observedAt(), CostRecord::observedAt);
    }

    /** DynamoDB's conditional put of the real store: a record observed earlier than the stored one is not written. */
    private static <K, R> boolean putUnlessOlder(Map<K, R> records, K key, R record, Instant observedAt,
                                                 Function<R, Instant> observedAtOf) {
        boolean[] written = {false};
        records.compute(key, (k, stored) -> {
            Instant storedAt = stored == null ? null : observedAtOf.apply(stored);
            if (storedAt != null && observedAt != null && storedAt.isAfter(observedAt)) {
                return stored;
            }
            written[0] = true;
            return record;
        });
        return written[0];
    }

    @Override
    public synchronized boolean putBreaker(BreakerState state, long expectedVersion) {
        return putBreakerOrRead(state, expectedVersion).written();
    }

    @Override
    public synchronized BreakerWrite putBreakerOrRead(BreakerState state, long expectedVersion) {
        BreakerState stored = breakers.get(state.target());
        long version = stored == null ? 0 : stored.version();
        if (version != expectedVersion) {
            return new BreakerWrite(false, stored);
        }
        breakers.put(state.target(), state);
        return new BreakerWrite(true, state);
    }

    /** The newest health record the poller wrote for {@code target}; null before its first. */
    public HealthRecord healthOf(String target) {
        return health.get(target);
    }

    /** The stored cost of {@code model} on {@code target}, looked up as the route function does; null when unpriced. */
    public CostRecord costOf(String target, String model) {
        CostRecord exact = model == null ? null : costs.get(new RoutingSnapshot.CostKey(target, model));
        return exact != null ? exact : costs.get(new RoutingSnapshot.CostKey(target, CostRecord.ANY_MODEL));
    }

    @Override
    public RoutingSnapshot loadSnapshot() {
        return RoutingSnapshot.of(List.copyOf(health.values()), List.copyOf(costs.values()),
                List.copyOf(breakers.values()), clock.instant());
    }
}
