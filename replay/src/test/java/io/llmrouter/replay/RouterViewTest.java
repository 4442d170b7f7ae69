package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.QueueSample;
import io.llmrouter.replay.sim.ReplaySettings;
import io.llmrouter.replay.trace.Trace;
import io.llmrouter.replay.trace.TraceReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The router knows a cluster's queue only from the health-poller's records, as in production. */
class RouterViewTest {

    @Test
    void theRouterSeesAQueueAtThePollAfterItFormedNotBefore() {
        // One slot, 3 s a request (see HandComputedReplayTest). maxQueueDepth 0: a cluster with any request
        // waiting is skipped. Polls at 0, 2, 4 s; the route function reloads its snapshot every second.
        RouterConfig config = TestConfigs.oneClusterAndGpt4o("""
                router:
                  routingStrategy: cost
                  healthCheckInterval: 2s
                  maxQueueDepth: 0
                store:
                  snapshotRefresh: 1s
                """, 10, 0.036);
        Trace trace = TraceReader.read("burst.csv", new StringReader("""
                TIMESTAMP,ContextTokens,GeneratedTokens
                2023-11-16 00:00:00.0,100,20
                2023-11-16 00:00:00.5,100,20
                2023-11-16 00:00:01.0,100,20
                2023-11-16 00:00:02.5,100,20
                """));
        Fleet fleet = Fleet.of(config, ModelCatalog.empty(), new Fleet.Shape(1, 1, 10, 0.5, 50));
        PolicyRun router = new PolicyComparison(config, fleet, ModelCatalog.empty(), ReplaySettings.defaults())
                .runs(trace, List.of("router")).get(0);

        // At 0.5 s and 1 s requests queue behind the first, but the newest record is the 0 s poll's: an empty
        // queue. The 2 s poll finds two waiting; the snapshot loaded at 2.5 s has it, and the cluster is skipped.
        assertEquals(List.of("c1", "c1", "c1", "openai"), router.outcomes().stream().map(Outcome::target).toList());
        assertEquals(List.of(0.0, 2.5, 5.0, 0.0), router.outcomes().stream().map(Outcome::queueWait).toList());
        assertEquals(1, router.switches());

        // After each poll and at each arrival: the true queue, and the record the router decides with.
        assertEquals(List.of(
                new QueueSample(0.0, "c1", 0, 0),   // the poll before the first request
                new QueueSample(0.0, "c1", 0, 0),
                new QueueSample(0.5, "c1", 1, 0),
                new QueueSample(1.0, "c1", 2, 0),
                new QueueSample(2.0, "c1", 2, 2),   // the 2 s poll
                new QueueSample(2.5, "c1", 2, 2)), router.queueSamples());
    }
}
