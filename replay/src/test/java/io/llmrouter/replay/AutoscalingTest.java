package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.report.PolicyReport;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.ReplicaSpan;
import io.llmrouter.replay.trace.Trace;
import io.llmrouter.replay.trace.TraceRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.llmrouter.replay.ScenarioRuns.report;
import static io.llmrouter.replay.ScenarioRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst on a one-slot cluster with the chart's autoscaler: replicas are added while requests wait, stopped
 * once the queue has been empty for the stabilization window, and the node-hours paid are the replicas'.
 */
class AutoscalingTest {

    private static final RouterConfig CONFIG = TestConfigs.oneClusterAndGpt4o("""
            router:
              routingStrategy: cost
              healthCheckInterval: 2s
            """, 10, 0.036);
    /** One slot a replica; a request of 100 prompt and 20 generated tokens holds it 3 s. */
    private static final Fleet.Shape SHAPE = new Fleet.Shape(1, 1, 10, 0.5, 50);
    private static final String AUTOSCALING = """
            autoscaling:
              - {cluster: c1, minReplicas: 1, maxReplicas: 3, queueDepthPerReplica: 1, evaluateEvery: 5,
                 scaleDownStabilization: 30, startupSeconds: 10}
            """;

    /** Twenty requests in the first 10 s (a minute of work for one slot), then one at 120 s. */
    private static Trace burst() {
        List<TraceRequest> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(new TraceRequest(i, i * 0.5, 100, 20));
        }
        requests.add(new TraceRequest(20, 120, 100, 20));
        return new Trace("burst.csv", requests);
    }

    @Test
    void replicasRiseUnderABurstFallAfterTheStabilizationWindowAndAreWhatIsPaid() {
        PolicyRun scaled = run(CONFIG, SHAPE, burst(), AUTOSCALING, "static-cheapest");
        List<ReplicaSpan> spans = scaled.replicaSpans().get("c1");

        // At the 5 s evaluation 8 requests wait: 3 replicas wanted (the most allowed), started then.
        assertEquals(3, spans.size());
        assertEquals(new ReplicaSpan(0, 123), spans.get(0));
        for (ReplicaSpan added : spans.subList(1, 3)) {
            assertEquals(5.0, added.from());
            // Stopped no sooner than 30 s after the queue emptied (it did by 40 s), and well before the end.
            assertTrue(added.to() > 30 && added.to() < 100, "stopped at " + added.to());
        }
        double replicaSeconds = spans.stream().mapToDouble(ReplicaSpan::seconds).sum();
        assertEquals(0.036 * replicaSeconds / 3600, scaled.clusterSpendUsd(), 1e-12);

        PolicyReport report = report(scaled);
        assertEquals(3, report.replicasByCluster().get("c1").peak());
        assertEquals(replicaSeconds / 123, report.replicasByCluster().get("c1").average(), 1e-12);

        PolicyReport fixed = report(run(CONFIG, SHAPE, burst(), "", "static-cheapest"));
        assertEquals(new PolicyReport.Replicas(1, 1.0), fixed.replicasByCluster().get("c1"));
        assertTrue(report.queueWaitP95Seconds() < fixed.queueWaitP95Seconds() / 2,
                report.queueWaitP95Seconds() + " s with autoscaling, " + fixed.queueWaitP95Seconds() + " s without");
        assertTrue(report.clusterSpendUsd() > fixed.clusterSpendUsd());
    }
}
