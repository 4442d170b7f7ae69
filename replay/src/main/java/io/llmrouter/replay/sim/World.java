package io.llmrouter.replay.sim;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.fleet.ProviderSpec;
import io.llmrouter.replay.trace.TraceRequest;
import io.llmrouter.state.CostRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replay's world: the simulated clock, the true state of every cluster, the providers, and the
 * routing state the health-poller and cost-refresh write, which is all production's router gets to see.
 */
public final class World {

    private final RouterConfig config;
    private final Fleet fleet;
    private final ReplaySettings settings;
    private final SimClock clock;
    private final InMemoryStateStore store;
    private final Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();
    private final Map<String, CostRecord> listPrices = new LinkedHashMap<>();

    World(RouterConfig config, Fleet fleet, ReplaySettings settings) {
        this.config = config;
        this.fleet = fleet;
        this.settings = settings;
        this.clock = new SimClock();
        this.store = new InMemoryStateStore(clock);
        for (ClusterSpec spec : fleet.clusters()) {
            clusters.put(spec.name(), new SimulatedCluster(spec));
        }
    }

    public RouterConfig config() {
        return config;
    }

    public Fleet fleet() {
        return fleet;
    }

    public ReplaySettings settings() {
        return settings;
    }

    public SimClock clock() {
        return clock;
    }

    public InMemoryStateStore store() {
        return store;
    }

    /** The seconds since the trace's start on the simulated clock. */
    public double now() {
        return Duration.between(SimClock.START, clock.instant()).toNanos() / 1e9;
    }

    /** The true state of each cluster, in config order. */
    public Map<String, SimulatedCluster> clusters() {
        return Collections.unmodifiableMap(clusters);
    }

    /** Every target, clusters first, each group in config order. */
    public List<String> targets() {
        List<String> names = new ArrayList<>(clusters.keySet());
        fleet.providers().forEach(p -> names.add(p.name()));
        return names;
    }

    /**
     * Each target's price before anything was measured, as the first cost-refresh wrote it: a cluster's
     * $/1K at its configured or expected tokens/s, a provider's default model's list price.
     */
    public Map<String, CostRecord> listPrices() {
        return Collections.unmodifiableMap(listPrices);
    }

    /** Called once, after the first cost refresh. */
    void takeListPrices() {
        for (String cluster : clusters.keySet()) {
            CostRecord record = store.costOf(cluster, CostRecord.ANY_MODEL);
            if (record != null) {
                listPrices.put(cluster, record);
            }
        }
        for (ProviderSpec provider : fleet.providers()) {
            CostRecord record = store.costOf(provider.name(), provider.model());
            if (record == null) {
                throw new IllegalArgumentException("provider " + provider.name() + " has no price for " + provider.model()
                        + " in the configured price feeds: a replay charges providers their token prices");
            }
            listPrices.put(provider.name(), record);
        }
    }

    /** The context window a target is known to have before any request: its slots' or its price feed's; null if unknown. */
    public Integer contextWindow(String target) {
        SimulatedCluster cluster = clusters.get(target);
        if (cluster != null) {
            return cluster.spec().contextWindow();
        }
        CostRecord price = listPrices.get(target);
        return price == null ? null : price.contextWindow();
    }

    /** Whether {@code request}'s prompt fits {@code target}'s known context window (an unknown window fits). */
    public boolean fits(String target, TraceRequest request) {
        Integer window = contextWindow(target);
        return window == null || request.contextTokens() <= window;
    }

    /** Sends {@code request} to {@code target} now, and says what happens to it. */
    Outcome send(TraceRequest request, String target) {
        double now = now();
        if (target == null) {
            return Outcome.unrouted(request.index(), now);
        }
        SimulatedCluster cluster = clusters.get(target);
        if (cluster != null) {
            SimulatedCluster.Job job = cluster.admit(request, now);
            return new Outcome(request.index(), target, true, now, job.queueWait(), job.ttft(), job.end(), 0, false);
        }
        ProviderSpec provider = fleet.provider(target).orElseThrow(() -> new IllegalStateException(
                "a policy chose '" + target + "', which is neither a cluster nor a provider of the fleet"));
        CostRecord price = store.costOf(provider.name(), provider.model());
        if (price == null) {
            throw new IllegalStateException("provider " + target + " has no price for " + provider.model());
        }
        double cost = request.contextTokens() / 1000.0 * price.inputPer1k()
                + request.generatedTokens() / 1000.0 * price.outputPer1k();
        return new Outcome(request.index(), target, false, now, 0, provider.ttftSeconds(),
                now + provider.latencySeconds(request.generatedTokens()), cost, false);
    }
}
