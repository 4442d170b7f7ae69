package io.llmrouter.replay.sim;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.fleet.ProviderSpec;
import io.llmrouter.replay.scenario.Autoscaling;
import io.llmrouter.replay.scenario.Scenario;
import io.llmrouter.replay.trace.TraceRequest;
import io.llmrouter.state.CostRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One replay's world: the simulated clock, the true state of every cluster, the providers, the scenario's
 * faults and prices (the truth, which only the oracle reads directly), and the routing state the
 * health-poller and cost-refresh write, which is all production's router gets to see. It forwards each
 * request to its policy's targets as the route function's forwarder does ({@link SimulatedForwarder}).
 */
public final class World {

    private final RouterConfig config;
    private final Fleet fleet;
    private final ReplaySettings settings;
    private final SimClock clock;
    private final InMemoryStateStore store;
    private final Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();
    private final Map<String, CostRecord> listPrices = new LinkedHashMap<>();
    private final Scenario scenario;
    private final List<Autoscaler> autoscalers = new ArrayList<>();
    private final SimulatedForwarder forwarder;

    World(RouterConfig config, Fleet fleet, ReplaySettings settings, Scenario scenario) {
        this.config = config;
        this.fleet = fleet;
        this.settings = settings;
        this.scenario = scenario;
        this.clock = new SimClock();
        this.store = new InMemoryStateStore(clock);
        for (ClusterSpec spec : fleet.clusters()) {
            Optional<Autoscaling> rule = scenario.autoscalingOf(spec.name());
            SimulatedCluster cluster = rule.map(r -> new SimulatedCluster(spec, r.minReplicas()))
                    .orElseGet(() -> new SimulatedCluster(spec));
            clusters.put(spec.name(), cluster);
            rule.ifPresent(r -> autoscalers.add(new Autoscaler(r, cluster)));
        }
        this.forwarder = new SimulatedForwarder(this);
    }

    /** The faults and autoscalers of this replay. */
    public Scenario scenario() {
        return scenario;
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

    /** The autoscalers of the scenario's autoscaled clusters. */
    List<Autoscaler> autoscalers() {
        return autoscalers;
    }

    /** Each cluster's replicas, when each ran, up to {@code end}. */
    Map<String, List<ReplicaSpan>> replicaSpans(double end) {
        Map<String, List<ReplicaSpan>> spans = new LinkedHashMap<>();
        clusters.forEach((name, cluster) -> spans.put(name, cluster.replicaSpans(end)));
        return spans;
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

    /**
     * Whether {@code target} would take a request now, as only the oracle may ask: a cluster that is up, a
     * provider that is not answering 429.
     */
    public boolean reachable(String target) {
        double now = now();
        return clusters.containsKey(target) ? !scenario.down(target, now) : !scenario.rateLimited(target, now);
    }

    /** How many times slower than its spec {@code cluster} serves what it admits now. */
    public double slowdown(String cluster) {
        return scenario.slowdown(cluster, now());
    }

    /** What {@code provider} truly charges for {@code request} at {@code t}: the scenario's price, else its list price. */
    public double providerCost(ProviderSpec provider, TraceRequest request, double t) {
        Optional<Scenario.TokenPrices> changed = scenario.providerPrices(provider.name(), t);
        if (changed.isPresent()) {
            return request.contextTokens() / 1e6 * changed.get().inputPer1M()
                    + request.generatedTokens() / 1e6 * changed.get().outputPer1M();
        }
        CostRecord price = listPrices.get(provider.name());
        if (price == null) {
            throw new IllegalStateException("provider " + provider.name() + " has no price for " + provider.model());
        }
        return request.contextTokens() / 1000.0 * price.inputPer1k()
                + request.generatedTokens() / 1000.0 * price.outputPer1k();
    }

    /** Sends {@code request} to {@code targets} in turn, now, as the forwarder does ({@link SimulatedForwarder}). */
    Outcome send(TraceRequest request, List<String> targets, Policy policy) {
        return forwarder.send(request, targets, policy);
    }

    /** The cluster of {@code job}, queued on it, went down at {@code t}: it fails over, or is lost. */
    Outcome dropped(SimulatedCluster.Job job, double t, Policy policy) {
        return forwarder.dropped(job, t, policy);
    }
}
