package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.report.PolicyReport;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.llmrouter.replay.ScenarioRuns.FOUR_SLOTS;
import static io.llmrouter.replay.ScenarioRuns.quickCluster;
import static io.llmrouter.replay.ScenarioRuns.arriving;
import static io.llmrouter.replay.ScenarioRuns.report;
import static io.llmrouter.replay.ScenarioRuns.run;
import static io.llmrouter.replay.ScenarioRuns.steady;
import static io.llmrouter.replay.ScenarioRuns.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster that goes down: the router, polling every 2 s and reloading its snapshot every second, stops
 * sending there within a poll interval and comes back after; a policy blind to health keeps trying it and
 * fails over each time.
 */
class ClusterDownTest {

    /**
     * c1 (0.036 $/h at 10 tokens/s) is far cheaper than gpt-4o: the router's first choice, and its choice
     * again 2 s (the hold time) after it is back.
     */
    private static final RouterConfig CONFIG = quickCluster(0.036, "");
    /** Four slots: 50 prompt tokens (0.5 s) and 5 generated (0.5 s) every 0.5 s never queue. */
    private static final Fleet.Shape SHAPE = FOUR_SLOTS;
    private static final Trace TRACE = steady(0.5, 40, 50, 5);
    private static final String OUTAGE = "faults: [{kind: cluster-down, cluster: c1, from: 10, to: 20}]";

    @Test
    void theRouterStopsSendingToADownClusterWithinAPollIntervalAndComesBackAfter() {
        PolicyRun router = run(CONFIG, SHAPE, TRACE, OUTAGE, "router");
        PolicyReport report = report(router);

        assertEquals(List.of("c1"), targets(arriving(router, t -> t < 10)));
        // Sent before the router saw the outage: those attempts failed over to gpt-4o and were answered.
        List<Outcome> sentToDown = router.outcomes().stream().filter(Outcome::sentToDownTarget).toList();
        assertFalse(sentToDown.isEmpty());
        for (Outcome outcome : sentToDown) {
            assertTrue(outcome.arrival() >= 10 && outcome.arrival() <= 12, "sent to c1 at " + outcome.arrival());
            assertEquals("openai", outcome.target());
            assertEquals(1, outcome.attempts().failovers());
            assertTrue(outcome.answered());
        }
        assertEquals(sentToDown.size(), report.sentToDownTarget());
        assertEquals(0, report.sentToDownAfterPollInterval());
        assertEquals(sentToDown.size(), report.failovers());
        assertEquals(List.of("openai"), targets(arriving(router, t -> t > 12 && t < 20)));
        assertEquals(List.of("c1"), targets(arriving(router, t -> t >= 25)));
        assertEquals(0, report.lost() + report.unrouted());
        assertEquals(TRACE.size(), report.requests());
    }

    @Test
    void aPolicyBlindToHealthTriesTheDownClusterThroughoutAndFailsOverEachTime() {
        PolicyReport cheapest = report(run(CONFIG, SHAPE, TRACE, OUTAGE, "static-cheapest"));
        // The 20 requests of [10 s, 20 s) each try c1 first, then gpt-4o; 15 arrive later than 12 s.
        assertEquals(20, cheapest.sentToDownTarget());
        assertEquals(15, cheapest.sentToDownAfterPollInterval());
        assertEquals(20, cheapest.failovers());
        assertEquals(20, cheapest.requestsByTarget().get("openai"));
        assertEquals(TRACE.size(), cheapest.requests());
    }

    @Test
    void requestsHoldingASlotFinishAndThoseQueuedFailOver() {
        // One slot, 3 s a request (100 prompt tokens, 20 generated): requests at 0, 1 and 2 s queue behind the
        // first. c1 goes down at 2.5 s: request 0 finishes at 3 s; requests 1 and 2 lose their connections and
        // go to static-cheapest's fallback, gpt-4o, 0.1 s later: first token 0.5 s after that.
        Trace burst = steady(1, 3, 100, 20);
        PolicyRun cheapest = run(CONFIG, new Fleet.Shape(1, 1, 10, 0.5, 50), burst,
                "faults: [{kind: cluster-down, cluster: c1, from: 2.5, to: 100}]", "static-cheapest");
        assertEquals(List.of("c1", "openai", "openai"), cheapest.outcomes().stream().map(Outcome::target).toList());
        assertEquals(3.0, cheapest.outcomes().get(0).end(), 1e-9);
        assertEquals(2.5 + 0.1 + 0.5 - 1, cheapest.outcomes().get(1).ttft(), 1e-9);
        assertEquals(new Outcome.Attempts(2, 1, 0, 0), cheapest.outcomes().get(2).attempts());
        PolicyReport report = report(cheapest);
        assertEquals(3, report.requests());
        assertEquals(2, report.failovers());
        assertEquals(0, report.sentToDownTarget(), "they were sent while c1 was up");
        // The node ran until the replay's end, the last arrival (2 s) or the last answer from c1 (3 s).
        assertEquals(0.036 * 3 / 3600, report.clusterSpendUsd(), 1e-12);
    }

    @Test
    void queuedRequestsPastTheForwardersTimeBudgetAreLost() {
        // Twelve requests in the first 0.6 s on one slot: request k starts at 3k s. c1 goes down at 28.5 s:
        // request 9 holds the slot and finishes at 30 s; requests 10 and 11 have waited 28 s, past the
        // forwarder's 27 s budget: lost.
        Trace burst = steady(0.05, 0.6, 100, 20);
        PolicyRun cheapest = run(CONFIG, new Fleet.Shape(1, 1, 10, 0.5, 50), burst,
                "faults: [{kind: cluster-down, cluster: c1, from: 28.5, to: 100}]", "static-cheapest");
        assertEquals(List.of(10, 11), cheapest.outcomes().stream().filter(Outcome::lost).map(Outcome::index).toList());
        assertEquals(30.0, cheapest.outcomes().get(9).end(), 1e-9);
        PolicyReport report = report(cheapest);
        assertEquals(10, report.requests());
        assertEquals(2, report.lost());
        assertEquals(0, report.failovers());
    }
}
