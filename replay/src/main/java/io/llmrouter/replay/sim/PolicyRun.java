package io.llmrouter.replay.sim;

import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.scenario.Scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One policy's replay of a trace: what happened to every request, in trace order.
 *
 * @param policy        the policy's name
 * @param usesClusters  whether the policy runs the fleet's clusters (then it pays their node-hours)
 * @param outcomes      one per request of the trace, in its order
 * @param endSeconds    when the replay ended: the last arrival or the last answer, whichever is later
 * @param fleet         the simulated fleet
 * @param replicaSpans  each cluster's replicas, when each ran (the fixed fleet's for the whole replay)
 * @param scenario      the faults and autoscalers it ran with (the node prices over time)
 * @param queueSamples  each cluster's true and seen queue depth over the replay, in time order
 */
public record PolicyRun(String policy, boolean usesClusters, List<Outcome> outcomes, double endSeconds, Fleet fleet,
                        Map<String, List<ReplicaSpan>> replicaSpans, Scenario scenario, List<QueueSample> queueSamples) {

    public PolicyRun {
        outcomes = List.copyOf(outcomes);
        queueSamples = List.copyOf(queueSamples);
        Map<String, List<ReplicaSpan>> copy = new LinkedHashMap<>();
        replicaSpans.forEach((cluster, spans) -> copy.put(cluster, List.copyOf(spans)));
        replicaSpans = Collections.unmodifiableMap(copy);
    }

    /** A run on the fixed fleet without a scenario: every replica of every cluster for the whole replay. */
    public PolicyRun(String policy, boolean usesClusters, List<Outcome> outcomes, double endSeconds, Fleet fleet) {
        this(policy, usesClusters, outcomes, endSeconds, fleet, List.of());
    }

    /** A run on the fixed fleet without a scenario, with its queue samples. */
    public PolicyRun(String policy, boolean usesClusters, List<Outcome> outcomes, double endSeconds, Fleet fleet,
                     List<QueueSample> queueSamples) {
        this(policy, usesClusters, outcomes, endSeconds, fleet, fixedFleet(fleet, endSeconds), Scenario.NONE,
                queueSamples);
    }

    static Map<String, List<ReplicaSpan>> fixedFleet(Fleet fleet, double endSeconds) {
        Map<String, List<ReplicaSpan>> spans = new LinkedHashMap<>();
        for (ClusterSpec cluster : fleet.clusters()) {
            List<ReplicaSpan> replicas = new ArrayList<>();
            for (int i = 0; i < cluster.replicas(); i++) {
                replicas.add(new ReplicaSpan(0, endSeconds));
            }
            spans.put(cluster.name(), replicas);
        }
        return spans;
    }

    /**
     * Node-hours that run, at each cluster's node $/h of the time: every replica from its start to its stop,
     * or nothing for a policy that runs no cluster.
     */
    public double clusterSpendUsd() {
        if (!usesClusters) {
            return 0;
        }
        double spend = 0;
        for (ClusterSpec cluster : fleet.clusters()) {
            for (ReplicaSpan span : replicaSpans.getOrDefault(cluster.name(), List.of())) {
                spend += nodeCost(cluster, span.from(), span.to());
            }
        }
        return spend;
    }

    /** One node of {@code cluster} from {@code from} to {@code to}, priced piece by piece between price changes. */
    private double nodeCost(ClusterSpec cluster, double from, double to) {
        TreeSet<Double> cuts = new TreeSet<>(scenario.nodePriceChanges());
        double cost = 0;
        double start = from;
        for (Double cut : cuts.subSet(from, false, to, false)) {
            cost += price(cluster, start) * (cut - start);
            start = cut;
        }
        cost += price(cluster, start) * (to - start);
        return cost / 3600.0;
    }

    private double price(ClusterSpec cluster, double t) {
        return scenario.nodePricePerHour(cluster.name(), t, cluster.nodePricePerHour());
    }

    /** The most replicas {@code cluster} ran at once. */
    public int peakReplicas(String cluster) {
        List<double[]> edges = new ArrayList<>();
        for (ReplicaSpan span : replicaSpans.getOrDefault(cluster, List.of())) {
            edges.add(new double[] {span.from(), 1});
            edges.add(new double[] {span.to(), -1});
        }
        // At the same instant a stop before a start: a replacement is not two replicas.
        edges.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int running = 0;
        int peak = 0;
        for (double[] edge : edges) {
            running += (int) edge[1];
            peak = Math.max(peak, running);
        }
        return peak;
    }

    /** Replica-seconds of {@code cluster} over the replay's duration: the replicas it ran on average. */
    public double averageReplicas(String cluster) {
        if (endSeconds <= 0) {
            return peakReplicas(cluster);
        }
        return replicaSpans.getOrDefault(cluster, List.of()).stream().mapToDouble(ReplicaSpan::seconds).sum()
                / endSeconds;
    }

    public double providerSpendUsd() {
        double spend = 0;
        for (Outcome outcome : outcomes) {
            spend += outcome.providerCostUsd();
        }
        return spend;
    }

    /** How many times a request was answered by another target than the request before it (unanswered ones skipped). */
    public int switches() {
        int switches = 0;
        String previous = null;
        for (Outcome outcome : outcomes) {
            if (!outcome.answered()) {
                continue;
            }
            if (previous != null && !previous.equals(outcome.target())) {
                switches++;
            }
            previous = outcome.target();
        }
        return switches;
    }
}
