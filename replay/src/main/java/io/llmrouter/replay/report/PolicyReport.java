package io.llmrouter.replay.report;

import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One policy's line of the report. Spend is real spend: the clusters' node-hours that run plus the
 * providers' token prices, not the amortised $/1K the router decides with. TTFT and queue wait are over
 * the requests that were answered.
 *
 * @param requests                    requests answered
 * @param unrouted                    requests the policy sent nowhere
 * @param lost                        requests sent but never answered: every attempt failed, or they waited
 *                                    on a cluster that went down with no attempt or time budget left
 * @param slaMisses                   requests whose first token came later than the TTFT SLA
 * @param failovers                   times a request moved on to its next candidate after a failed attempt
 * @param sentToDownTarget            attempts sent to a cluster that was down at the time
 * @param sentToDownAfterPollInterval of those, the ones sent more than one health-check interval
 *                                    ({@code router.healthCheckInterval}) after it went down: the router's goal is none
 * @param switches                    times a request was answered by another target than the one before it
 * @param requestsByTarget            requests answered per target, by name
 * @param replicasByCluster           each cluster's replicas over the replay; empty for a policy that runs none
 */
public record PolicyReport(String name, double spendUsd, double clusterSpendUsd, double providerSpendUsd,
                           int requests, int unrouted, int lost, double ttftP50Seconds, double ttftP95Seconds,
                           double queueWaitP50Seconds, double queueWaitP95Seconds, int slaMisses, int failovers,
                           int sentToDownTarget, int sentToDownAfterPollInterval, int switches,
                           Map<String, Integer> requestsByTarget, Map<String, Replicas> replicasByCluster) {

    /** A cluster's replicas: the most at once, and the replica-seconds over the replay's duration. */
    public record Replicas(int peak, double average) {
    }

    public static PolicyReport of(PolicyRun run, double ttftSlaSeconds) {
        int answered = (int) run.outcomes().stream().filter(Outcome::answered).count();
        double[] ttft = new double[answered];
        double[] wait = new double[answered];
        int i = 0;
        int misses = 0;
        int unrouted = 0;
        int lost = 0;
        int failovers = 0;
        int down = 0;
        int late = 0;
        Map<String, Integer> byTarget = new TreeMap<>();
        for (Outcome outcome : run.outcomes()) {
            failovers += outcome.attempts().failovers();
            down += outcome.attempts().toDownTarget();
            late += outcome.attempts().toDownAfterPollInterval();
            if (!outcome.routed()) {
                unrouted++;
                continue;
            }
            if (outcome.lost()) {
                lost++;
                continue;
            }
            ttft[i] = outcome.ttft();
            wait[i] = outcome.queueWait();
            i++;
            misses += outcome.ttft() > ttftSlaSeconds ? 1 : 0;
            byTarget.merge(outcome.target(), 1, Integer::sum);
        }
        Map<String, Replicas> replicas = new LinkedHashMap<>();
        if (run.usesClusters()) {
            run.replicaSpans().keySet().forEach(cluster -> replicas.put(cluster,
                    new Replicas(run.peakReplicas(cluster), run.averageReplicas(cluster))));
        }
        double cluster = run.clusterSpendUsd();
        double provider = run.providerSpendUsd();
        return new PolicyReport(run.policy(), cluster + provider, cluster, provider, answered, unrouted, lost,
                Percentiles.of(ttft, 50), Percentiles.of(ttft, 95), Percentiles.of(wait, 50), Percentiles.of(wait, 95),
                misses, failovers, down, late, run.switches(), byTarget, replicas);
    }
}
