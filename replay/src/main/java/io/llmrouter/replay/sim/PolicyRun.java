package io.llmrouter.replay.sim;

import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.fleet.Fleet;

import java.util.List;

/**
 * One policy's replay of a trace: what happened to every request, in trace order.
 *
 * @param policy        the policy's name
 * @param usesClusters  whether the policy runs the fleet's clusters (then it pays their node-hours)
 * @param outcomes      one per request of the trace, in its order
 * @param endSeconds    when the replay ended: the last arrival or the last answer, whichever is later
 * @param fleet         the simulated fleet
 * @param queueSamples  each cluster's true and seen queue depth over the replay, in time order
 */
public record PolicyRun(String policy, boolean usesClusters, List<Outcome> outcomes, double endSeconds, Fleet fleet,
                        List<QueueSample> queueSamples) {

    public PolicyRun {
        outcomes = List.copyOf(outcomes);
        queueSamples = List.copyOf(queueSamples);
    }

    /** Node-hours that run, at each cluster's node $/h: the whole fixed fleet for the whole replay, or nothing. */
    public double clusterSpendUsd() {
        if (!usesClusters) {
            return 0;
        }
        double hours = endSeconds / 3600.0;
        double spend = 0;
        for (ClusterSpec cluster : fleet.clusters()) {
            spend += cluster.replicas() * cluster.nodePricePerHour() * hours;
        }
        return spend;
    }

    public double providerSpendUsd() {
        double spend = 0;
        for (Outcome outcome : outcomes) {
            spend += outcome.providerCostUsd();
        }
        return spend;
    }

    /** How many times a request went to another target than the request before it (unrouted ones skipped). */
    public int switches() {
        int switches = 0;
        String previous = null;
        for (Outcome outcome : outcomes) {
            if (!outcome.routed()) {
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
