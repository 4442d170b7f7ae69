package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.report.PolicyReport;
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

/**
 * Prices that change at 100 s: spend follows the true price at once, the router only once cost-refresh
 * (every 5 minutes) has read the new price, at 300 s.
 *
 * <p>c1: 0.0982 $/h at 10 tokens/s, 0.0030 $/1K. The router prices a request of 100 prompt tokens at 100
 * assumed output tokens: 0.00060 $ on c1, 0.00125 $ on gpt-4o (2.5 and 10 $/M), so c1 first.
 */
class PriceChangeTest {

    private static final RouterConfig CONFIG = quickCluster(0.0982, "assumedOutputTokens: 100");
    private static final Fleet.Shape SHAPE = FOUR_SLOTS;
    /** 100 prompt tokens and 20 generated every 5 s: 80 requests, 20 before 100 s. */
    private static final Trace TRACE = steady(5, 400, 100, 20);

    @Test
    void withoutAChangeTheRouterKeepsTheCluster() {
        assertEquals(List.of("c1"), targets(run(CONFIG, SHAPE, TRACE, "faults: []", "router").outcomes()));
    }

    @Test
    void aProviderPriceCutIsChargedAtOnceAndMovesTheRouterAfterCostRefreshReadsItsFeed() {
        // An eighth of the price (within the feed's maxJumpFactor of 10): 0.3125 and 1.25 $/M, 0.00016 $ a
        // request to the router, now below c1.
        String cut = "faults: [{kind: price-change, target: openai, at: 100, inputPer1M: 0.3125, outputPer1M: 1.25}]";

        PolicyReport premium = report(run(CONFIG, SHAPE, TRACE, cut, "always-premium"));
        // 20 requests at 100 x 2.5e-6 + 20 x 1e-5 = 0.00045 $, 60 at 100 x 3.125e-7 + 20 x 1.25e-6 = 0.00005625 $.
        assertEquals(20 * 0.00045 + 60 * 0.00005625, premium.providerSpendUsd(), 1e-12);

        PolicyRun router = run(CONFIG, SHAPE, TRACE, cut, "router");
        assertEquals(List.of("c1"), targets(arriving(router, t -> t < 300)));
        assertEquals(List.of("openai"), targets(arriving(router, t -> t >= 305)));
    }

    @Test
    void aNodePriceRiseIsPaidFromItsTimeAndMovesTheRouterAfterCostRefreshReadsIt() {
        // Five times the node price: 0.015 $/1K, 0.0030 $ a request to the router, now above gpt-4o.
        String rise = "faults: [{kind: price-change, target: c1, at: 100, costPerHour: 0.491}]";

        PolicyReport cheapest = report(run(CONFIG, SHAPE, TRACE, rise, "static-cheapest"));
        // The node runs until the last answer: the request of 395 s ends at 398 s.
        assertEquals((0.0982 * 100 + 0.491 * 298) / 3600, cheapest.clusterSpendUsd(), 1e-12);

        PolicyRun router = run(CONFIG, SHAPE, TRACE, rise, "router");
        assertEquals(List.of("c1"), targets(arriving(router, t -> t < 300)));
        assertEquals(List.of("openai"), targets(arriving(router, t -> t >= 305)));
    }
}
