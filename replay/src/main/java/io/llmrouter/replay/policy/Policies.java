package io.llmrouter.replay.policy;

import io.llmrouter.replay.sim.Policy;

import java.util.List;
import java.util.Optional;

/** The policies a replay compares, in report order. */
public final class Policies {

    /**
     * A policy by name.
     *
     * @param usesClusters whether it runs the fleet's clusters, and so pays their node-hours
     */
    public record Entry(String name, boolean usesClusters, Policy.Factory factory) {
    }

    public static final List<Entry> ALL = List.of(
            new Entry("router", true, RouterPolicy::new),
            new Entry("always-premium", false, AlwaysPremium::new),
            new Entry("round-robin", true, RoundRobin::new),
            new Entry("static-cheapest", true, StaticCheapest::new),
            new Entry("oracle", true, Oracle::new));

    private Policies() {
    }

    public static Optional<Entry> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Entry::name).toList();
    }
}
