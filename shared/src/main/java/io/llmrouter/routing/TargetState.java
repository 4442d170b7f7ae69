package io.llmrouter.routing;

import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.time.Instant;

/**
 * An eligible target with the records the snapshot holds for it, looked up once per decision.
 *
 * @param health  the cluster's newest health record; null when there is none, and always for providers
 *                (they are not probed)
 * @param cost    the cost of the upstream model on the target (its own record, else the target-wide one); null when unpriced
 * @param breaker the target's circuit breaker; null when it has never tripped
 * @param snapshotLoadedAt when the snapshot these records come from was read from the store
 */
public record TargetState(EligibleTarget eligible, HealthRecord health, CostRecord cost, BreakerState breaker,
                          Instant snapshotLoadedAt) {

    public static TargetState lookup(EligibleTarget eligible, RoutingSnapshot snapshot) {
        Target target = eligible.target();
        HealthRecord health = target.isCluster() ? snapshot.health().get(target.name()) : null;
        CostRecord cost = snapshot.costOf(target.name(), eligible.upstreamModel()).orElse(null);
        return new TargetState(eligible, health, cost, snapshot.breakers().get(target.name()),
                snapshot.loadedAt());
    }

    public Target target() {
        return eligible.target();
    }
}
