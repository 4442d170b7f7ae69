package io.llmrouter.replay.report;

import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;

import java.util.Map;
import java.util.TreeMap;

/**
 * One policy's line of the report. Spend is real spend: the clusters' node-hours that run plus the
 * providers' token prices, not the amortised $/1K the router decides with. TTFT and queue wait are over
 * the requests the policy sent somewhere.
 *
 * @param requests         requests sent to a target
 * @param unrouted         requests the policy sent nowhere
 * @param slaMisses        requests whose first token came later than the TTFT SLA
 * @param sentToDownTarget requests sent to a target that was down at the time
 * @param switches         times a request went to another target than the one before it
 * @param requestsByTarget requests per target, by name
 */
public record PolicyReport(String name, double spendUsd, double clusterSpendUsd, double providerSpendUsd,
                           int requests, int unrouted, double ttftP50Seconds, double ttftP95Seconds,
                           double queueWaitP50Seconds, double queueWaitP95Seconds, int slaMisses,
                           int sentToDownTarget, int switches, Map<String, Integer> requestsByTarget) {

    public static PolicyReport of(PolicyRun run, double ttftSlaSeconds) {
        int routed = (int) run.outcomes().stream().filter(Outcome::routed).count();
        double[] ttft = new double[routed];
        double[] wait = new double[routed];
        int i = 0;
        int misses = 0;
        int down = 0;
        Map<String, Integer> byTarget = new TreeMap<>();
        for (Outcome outcome : run.outcomes()) {
            if (!outcome.routed()) {
                continue;
            }
            ttft[i] = outcome.ttft();
            wait[i] = outcome.queueWait();
            i++;
            misses += outcome.ttft() > ttftSlaSeconds ? 1 : 0;
            down += outcome.sentToDownTarget() ? 1 : 0;
            byTarget.merge(outcome.target(), 1, Integer::sum);
        }
        double cluster = run.clusterSpendUsd();
        double provider = run.providerSpendUsd();
        return new PolicyReport(run.policy(), cluster + provider, cluster, provider, routed,
                run.outcomes().size() - routed, Percentiles.of(ttft, 50), Percentiles.of(ttft, 95),
                Percentiles.of(wait, 50), Percentiles.of(wait, 95), misses, down, run.switches(), byTarget);
    }
}
