package io.llmrouter.replay.sim;

import io.llmrouter.health.LlamaServerMetrics;
import io.llmrouter.health.PrometheusTextParser;
import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.trace.TraceRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SimulatedClusterTest {

    /** Two slots; prefill 100 tokens/s, decode 10 tokens/s. */
    private final SimulatedCluster cluster = new SimulatedCluster(
            new ClusterSpec("c", List.of("m"), 1, 2, 100, 10, 1.0, 512));

    @Test
    void aRequestHoldsTheSlotThatFreesFirstAndQueuesWhenAllAreBusy() {
        // 100 prompt tokens: 1 s of prefill; 20 generated: 2 s of decode. Each holds a slot 3 s.
        SimulatedCluster.Job a = cluster.admit(new TraceRequest(0, 0, 100, 20), 0);
        SimulatedCluster.Job b = cluster.admit(new TraceRequest(1, 0.5, 100, 20), 0.5);
        SimulatedCluster.Job c = cluster.admit(new TraceRequest(2, 1, 100, 20), 1);
        assertEquals(new SimulatedCluster.Job(a.request(), 0, 0, 0, 1, 3), a);
        assertEquals(new SimulatedCluster.Job(b.request(), 1, 0.5, 0.5, 1.5, 3.5), b);
        // Both slots busy: c waits for slot 0, free at 3 s.
        assertEquals(new SimulatedCluster.Job(c.request(), 0, 1, 3, 4, 6), c);
        assertEquals(2, c.queueWait());
        assertEquals(3, c.ttft());
        assertEquals(1, cluster.deferredAt(2));
        assertEquals(2, cluster.processingAt(2));
        assertEquals(3.5, cluster.startIfAdmitted(1.2));
    }

    @Test
    void metricsCountFinishedRequestsAndTheirWindowResetsAtEachScrape() {
        cluster.admit(new TraceRequest(0, 0, 100, 20), 0);
        cluster.admit(new TraceRequest(1, 0, 200, 40), 0);
        cluster.admit(new TraceRequest(2, 0, 100, 20), 0);

        LlamaServerMetrics atTwo = metricsAt(2);
        assertEquals(0.0, atTwo.generatedTokensTotal());
        assertEquals(0.0, atTwo.generationTokensPerSecond(), "nothing finished yet: llama-server reports 0");
        assertEquals(2, atTwo.requestsProcessing());
        assertEquals(1, atTwo.requestsDeferred());

        LlamaServerMetrics atThree = metricsAt(3);
        assertEquals(20.0, atThree.generatedTokensTotal());
        assertEquals(2.0, atThree.generationSecondsTotal());
        assertEquals(10.0, atThree.generationTokensPerSecond(), "a slot's decode speed");
        assertEquals(100.0, atThree.promptTokensPerSecond());

        LlamaServerMetrics atFour = metricsAt(4);
        assertEquals(0.0, atFour.generationTokensPerSecond(), "the window closed at the last scrape");
        assertEquals(20.0, atFour.generatedTokensTotal());

        assertEquals("[{\"id\":0,\"n_ctx\":512,\"is_processing\":true},{\"id\":1,\"n_ctx\":512,\"is_processing\":true}]",
                cluster.slotsJson(4));
        assertEquals(80.0, metricsAt(7).generatedTokensTotal());
        assertEquals("[{\"id\":0,\"n_ctx\":512,\"is_processing\":false},{\"id\":1,\"n_ctx\":512,\"is_processing\":false}]",
                cluster.slotsJson(7));
    }

    @Test
    void aSlowedRequestHoldsItsSlotLongerAndTheMetricsShowTheLowerSpeed() {
        SimulatedCluster.Job slowed = cluster.admit(new TraceRequest(0, 0, 100, 20), 0, 4);
        assertEquals(new SimulatedCluster.Job(slowed.request(), 0, 0, 0, 4, 12), slowed);
        LlamaServerMetrics atTwelve = metricsAt(12);
        assertEquals(2.5, atTwelve.generationTokensPerSecond());
        assertEquals(25.0, atTwelve.promptTokensPerSecond());
    }

    @Test
    void aClusterGoingDownDropsItsQueueAndFreesTheSlotsWhenTheirRequestsEnd() {
        cluster.admit(new TraceRequest(0, 0, 100, 20), 0);
        cluster.admit(new TraceRequest(1, 0, 100, 20), 0);
        cluster.admit(new TraceRequest(2, 0, 100, 20), 0);
        cluster.admit(new TraceRequest(3, 0, 100, 20), 0);
        // Slots busy until 3 s; requests 2 and 3 wait for them.
        List<SimulatedCluster.Job> dropped = cluster.dropQueued(1);
        assertEquals(List.of(2, 3), dropped.stream().map(job -> job.request().index()).toList());
        assertEquals(0, cluster.deferredAt(1));
        assertEquals(2, cluster.processingAt(1));
        assertEquals(3.0, cluster.startIfAdmitted(1));
        assertEquals(40.0, metricsAt(7).generatedTokensTotal(), "only the two requests that held a slot finish");
    }

    @Test
    void aReplicaStartedLaterServesAfterItsStartupAndAStoppedOneDrainsBeforeItIsNoLongerPaid() {
        // One replica of two slots busy until 3 s; a second started at 1 s serves from 2 s.
        cluster.admit(new TraceRequest(0, 0, 100, 20), 0);
        cluster.admit(new TraceRequest(1, 0, 100, 20), 0);
        cluster.scaleUp(1, 1);
        assertEquals(2, cluster.replicas());
        SimulatedCluster.Job waiting = cluster.admit(new TraceRequest(2, 1, 100, 20), 1);
        assertEquals(2, waiting.slot());
        assertEquals(2.0, waiting.start());
        assertEquals(4, cluster.slotsJson(2).split("\"id\"").length - 1, "four slots serve at 2 s");
        cluster.scaleDown(2.5);
        assertEquals(1, cluster.replicas());
        // The stopped replica is paid from 1 s until its request ends at 5 s.
        assertEquals(List.of(new ReplicaSpan(0, 10), new ReplicaSpan(1, 5)), cluster.replicaSpans(10));
        assertEquals(0, cluster.admit(new TraceRequest(3, 3, 100, 20), 3).slot());
    }

    private LlamaServerMetrics metricsAt(double t) {
        return LlamaServerMetrics.from(PrometheusTextParser.parse(cluster.scrapeMetrics(t)));
    }
}
