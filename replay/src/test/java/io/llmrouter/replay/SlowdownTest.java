package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.llmrouter.replay.ScenarioRuns.FOUR_SLOTS;
import static io.llmrouter.replay.ScenarioRuns.quickCluster;
import static io.llmrouter.replay.ScenarioRuns.arriving;
import static io.llmrouter.replay.ScenarioRuns.run;
import static io.llmrouter.replay.ScenarioRuns.steady;
import static io.llmrouter.replay.ScenarioRuns.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * c1 four times slower from 100 s: its requests' first tokens come four times later, and the tokens/s the
 * poller measures drop, which raises c1's $/1K at cost-refresh's next run (see PriceChangeTest for the
 * prices): the router moves to gpt-4o.
 */
class SlowdownTest {

    private static final RouterConfig CONFIG = quickCluster(0.0982, "assumedOutputTokens: 100");
    private static final Fleet.Shape SHAPE = FOUR_SLOTS;
    private static final Trace TRACE = steady(5, 400, 100, 20);
    private static final String SLOWDOWN = "faults: [{kind: slowdown, cluster: c1, from: 100, to: 400, factor: 4}]";

    @Test
    void requestsAdmittedInTheWindowGetTheirFirstTokenFourTimesLater() {
        PolicyRun cheapest = run(CONFIG, SHAPE, TRACE, SLOWDOWN, "static-cheapest");
        // 100 prompt tokens at 100 tokens/s of prefill: 1 s, and 4 s when slowed. No request waits for a slot.
        assertEquals(List.of(1.0), arriving(cheapest, t -> t < 100).stream().map(Outcome::ttft).distinct().toList());
        assertEquals(List.of(4.0), arriving(cheapest, t -> t >= 100).stream().map(Outcome::ttft).distinct().toList());
    }

    @Test
    void theRouterLeavesTheSlowedClusterOnceCostRefreshHasPricedItsMeasuredSpeed() {
        // Measured at 2.5 tokens/s, c1 costs 0.012 $/1K: 0.0024 $ a request to the router, above gpt-4o's 0.00125.
        PolicyRun router = run(CONFIG, SHAPE, TRACE, SLOWDOWN, "router");
        assertEquals(List.of("c1"), targets(arriving(router, t -> t < 300)));
        assertEquals(List.of("openai"), targets(arriving(router, t -> t >= 305)));
    }
}
