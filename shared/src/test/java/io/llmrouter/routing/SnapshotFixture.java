package io.llmrouter.routing;

import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds routing snapshots from records, for tests. Records are observed at the
 * snapshot's time unless said otherwise.
 */
public final class SnapshotFixture {

    private final Instant at;
    private final List<HealthRecord> health = new ArrayList<>();
    private final List<CostRecord> costs = new ArrayList<>();
    private final List<BreakerState> breakers = new ArrayList<>();

    private SnapshotFixture(Instant at) {
        this.at = at;
    }

    public static SnapshotFixture at(Instant at) {
        return new SnapshotFixture(at);
    }

    /** An up cluster with a probe latency and nothing else reported. */
    public SnapshotFixture healthy(String cluster, long latencyMs) {
        return health(upRecord(cluster, at, latencyMs, null, null, List.of()));
    }

    public SnapshotFixture health(HealthRecord record) {
        health.add(record);
        return this;
    }

    public SnapshotFixture down(String cluster, String reason) {
        return health(HealthRecord.down(cluster, reason, at, null));
    }

    /** A cluster-wide price: the same $/1K for prompt and output. */
    public SnapshotFixture clusterCost(String cluster, double per1k) {
        return cost(new CostRecord(cluster, CostRecord.ANY_MODEL, per1k, per1k, null, null, null,
                CostBasis.CONFIGURED, "test", at));
    }

    public SnapshotFixture providerCost(String provider, String model, double inputPer1k, double outputPer1k,
                                        Integer contextWindow) {
        return cost(new CostRecord(provider, model, inputPer1k, outputPer1k, null, null, contextWindow,
                CostBasis.PRICE_FEED, "test", at));
    }

    public SnapshotFixture cost(CostRecord record) {
        costs.add(record);
        return this;
    }

    public SnapshotFixture breaker(BreakerState state) {
        breakers.add(state);
        return this;
    }

    public SnapshotFixture breakerOpen(String target, Duration cooldownLeft) {
        return breaker(new BreakerState(target, BreakerState.Position.OPEN, 5, at.plus(cooldownLeft), at, 1));
    }

    public RoutingSnapshot build() {
        return RoutingSnapshot.of(health, costs, breakers, at);
    }

    public static HealthRecord upRecord(String cluster, Instant observedAt, Long latencyMs, Integer deferred,
                                        Integer contextWindow, List<String> servedModels) {
        return new HealthRecord(cluster, true, "ok", observedAt, latencyMs, null, null, null, null, 0, deferred, 0, 4,
                contextWindow, servedModels, "r1");
    }
}
