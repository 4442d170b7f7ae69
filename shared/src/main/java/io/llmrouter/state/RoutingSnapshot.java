package io.llmrouter.state;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the router knows about its targets at one moment: the newest health, cost and breaker
 * records. Immutable; the route function swaps whole snapshots.
 *
 * @param loadedAt when the records were read from the store
 */
public record RoutingSnapshot(
        Map<String, HealthRecord> health,
        Map<CostKey, CostRecord> costs,
        Map<String, BreakerState> breakers,
        Instant loadedAt) {

    public RoutingSnapshot {
        health = Map.copyOf(health);
        costs = Map.copyOf(costs);
        breakers = Map.copyOf(breakers);
    }

    /** Identifies a cost record: a target and an upstream model ({@link CostRecord#ANY_MODEL} for clusters). */
    public record CostKey(String target, String model) {
    }

    public static RoutingSnapshot empty(Instant loadedAt) {
        return new RoutingSnapshot(Map.of(), Map.of(), Map.of(), loadedAt);
    }

    public static RoutingSnapshot of(Collection<HealthRecord> health, Collection<CostRecord> costs,
                                     Collection<BreakerState> breakers, Instant loadedAt) {
        Map<String, HealthRecord> h = new HashMap<>();
        health.forEach(r -> h.put(r.target(), r));
        Map<CostKey, CostRecord> c = new HashMap<>();
        costs.forEach(r -> c.put(new CostKey(r.target(), r.model()), r));
        Map<String, BreakerState> b = new HashMap<>();
        breakers.forEach(r -> b.put(r.target(), r));
        return new RoutingSnapshot(h, c, b, loadedAt);
    }

    public Optional<HealthRecord> healthOf(String target) {
        return Optional.ofNullable(health.get(target));
    }

    /** The cost of {@code model} on {@code target}: the model's own record, else the target-wide one. */
    public Optional<CostRecord> costOf(String target, String model) {
        CostRecord exact = model == null ? null : costs.get(new CostKey(target, model));
        return Optional.ofNullable(exact != null ? exact : costs.get(new CostKey(target, CostRecord.ANY_MODEL)));
    }

    public Optional<BreakerState> breakerOf(String target) {
        return Optional.ofNullable(breakers.get(target));
    }

    /**
     * This snapshot with {@code newer} breaker states laid over its own, each where its version is at least
     * the stored one's: what one instance routes on after its own breaker writes, before the next load
     * brings them back from the store.
     */
    public RoutingSnapshot withNewerBreakers(Map<String, BreakerState> newer) {
        if (newer.isEmpty()) {
            return this;
        }
        Map<String, BreakerState> merged = new HashMap<>(breakers);
        newer.forEach((target, state) -> merged.merge(target, state,
                (stored, local) -> local.version() >= stored.version() ? local : stored));
        return new RoutingSnapshot(health, costs, merged, loadedAt);
    }
}
