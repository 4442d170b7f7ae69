package io.llmrouter.route.concurrent;

import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingStateStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Plays the health poller and the cost refresher while the router serves: every round writes a fresh health record
 * of each cluster and its cost, and every {@code flipEvery} the two front-runners trade prices, so that the cheapest
 * target changes and hysteresis has to switch.
 */
public final class RoutingStateFeed {

    /** Cost per 1K tokens of the front-runner, of the other one, and of the last resort. */
    static final double CHEAP = 0.0010;
    static final double LESS_CHEAP = 0.0015;
    static final double DEAR = 0.0040;

    private final RoutingStateStore store;
    private final List<String> frontRunners;
    private final String lastResort;
    private final List<String> servedModels;
    private final Duration flipEvery;
    private final Instant started = Instant.now();
    private volatile int rounds;
    private volatile int flips;

    public RoutingStateFeed(RoutingStateStore store, List<String> frontRunners, String lastResort,
                            List<String> servedModels, Duration flipEvery) {
        if (frontRunners.size() != 2) {
            throw new IllegalArgumentException("two front-runners trade prices, got " + frontRunners);
        }
        this.store = store;
        this.frontRunners = frontRunners;
        this.lastResort = lastResort;
        this.servedModels = servedModels;
        this.flipEvery = flipEvery;
    }

    /** One round of writes; called from one thread. */
    public void writeOnce() {
        Instant now = Instant.now();
        int phase = (int) (Duration.between(started, now).toMillis() / flipEvery.toMillis());
        String cheapest = frontRunners.get(phase % 2);
        for (String target : frontRunners) {
            health(target, now);
            cost(target, target.equals(cheapest) ? CHEAP : LESS_CHEAP, now);
        }
        health(lastResort, now);
        cost(lastResort, DEAR, now);
        flips = phase;
        rounds++;
    }

    private void health(String cluster, Instant now) {
        // Slots to spare: 64 requests in flight from this instance must not make a cluster look busy.
        store.putHealth(new HealthRecord(cluster, true, "ok", now, 3L, 50.0, 500.0, null, null, 0, 0, 0, 256,
                8192, servedModels, "m"));
    }

    private void cost(String target, double per1k, Instant now) {
        store.putCost(new CostRecord(target, CostRecord.ANY_MODEL, per1k, per1k, null, 50.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
    }

    public int rounds() {
        return rounds;
    }

    /** How many times the front-runners have traded prices so far. */
    public int flips() {
        return flips;
    }
}
