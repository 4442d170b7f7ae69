package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.BreakerPolicy;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gpt-4o answers 429 from 10 s to 20 s. The router fails over to its cluster, and after three failures
 * in a row its circuit breaker opens: gpt-4o is left out for the 30 s cool-down, then tried again.
 */
class RateLimitTest {

    /** c1 at 36 $/h and 10 tokens/s: 1.1 $/1K, far dearer than gpt-4o, so the router's second choice. */
    private static final RouterConfig CONFIG = quickCluster(36, "");
    private static final Fleet.Shape SHAPE = FOUR_SLOTS;
    private static final Trace TRACE = steady(0.5, 60, 50, 5);
    private static final String RATE_LIMIT = "faults: [{kind: rate-limit, target: openai, from: 10, to: 20}]";

    @Test
    void theRouterFailsOverUntilTheBreakerOpensAndTriesTheProviderAgainAfterTheCoolDown() {
        PolicyRun router = run(CONFIG, SHAPE, TRACE, RATE_LIMIT, "router");

        assertEquals(List.of("openai"), targets(arriving(router, t -> t < 10)));
        List<Outcome> window = arriving(router, t -> t >= 10 && t < 20);
        assertEquals(List.of("c1"), targets(window));
        assertTrue(window.stream().allMatch(Outcome::answered));
        // The first requests of the window try gpt-4o first; once the breaker opens, none does. It takes one
        // failure more than the threshold: the answer at 10.1 s of a request sent at 9.5 s resets the count.
        int threshold = BreakerPolicy.defaults().failureThreshold();
        List<Integer> failovers = window.stream().map(o -> o.attempts().failovers()).toList();
        assertEquals(List.of(1, 1, 1, 1, 0, 0), failovers.subList(0, threshold + 3));
        assertEquals(threshold + 1, failovers.stream().mapToInt(Integer::intValue).sum());
        // Open for the cool-down (30 s from the third failure, at 11 s) though the 429s ended at 20 s.
        assertEquals(List.of("c1"), targets(arriving(router, t -> t >= 20 && t < 41)));
        // Then a trial succeeds and closes it.
        assertEquals(List.of("openai"), targets(arriving(router, t -> t >= 50)));
        PolicyReport report = report(router);
        assertEquals(threshold + 1, report.failovers());
        assertEquals(0, report.sentToDownTarget());
        assertEquals(TRACE.size(), report.requests());
    }

    @Test
    void withoutAnotherProviderAlwaysPremiumLosesTheRequestsOfTheWindow() {
        PolicyReport premium = report(run(CONFIG, SHAPE, TRACE, RATE_LIMIT, "always-premium"));
        assertEquals(20, premium.lost());
        assertEquals(TRACE.size() - 20, premium.requests());
        assertEquals(0, premium.failovers());
    }
}
