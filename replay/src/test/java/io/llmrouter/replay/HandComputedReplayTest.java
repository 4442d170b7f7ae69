package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.report.PolicyReport;
import io.llmrouter.replay.report.ReplayReport;
import io.llmrouter.replay.sim.ReplaySettings;
import io.llmrouter.replay.trace.Trace;
import io.llmrouter.replay.trace.TraceReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Three requests, one cluster of one slot, and gpt-4o: every figure of the report worked out by hand.
 *
 * <p>The cluster: 10 tokens/s of decode (its tokensPerSecond), prefill 10 times faster (100 tokens/s), node
 * 0.036 $/h. Its $/1K as cost-refresh prices it: 0.036 / (10 x 3600) x 1.1 x 1000 = 0.0011, below gpt-4o's
 * 0.01 $/1K output, so the router prefers it. gpt-4o: 2.5 $/M input, 10 $/M output (LiteLLM), first token
 * after 0.5 s, 50 tokens/s.
 *
 * <p>Requests arrive at 0, 1 and 2 s with 100 prompt tokens and 20 generated tokens each: 1 s of prefill
 * and 2 s of decode, a slot held 3 s.
 */
class HandComputedReplayTest {

    private static final Trace TRACE = TraceReader.read("hand.csv", new StringReader("""
            TIMESTAMP,ContextTokens,GeneratedTokens
            2023-11-16 00:00:00,100,20
            2023-11-16 00:00:01,100,20
            2023-11-16 00:00:02,100,20
            """));

    private static final RouterConfig CONFIG = TestConfigs.oneClusterAndGpt4o("""
            router:
              routingStrategy: cost
              healthCheckInterval: 2s
            """, 10, 0.036);

    private static ReplayReport replay(String... policies) {
        Fleet fleet = Fleet.of(CONFIG, ModelCatalog.empty(), new Fleet.Shape(1, 1, 10, 0.5, 50));
        return new PolicyComparison(CONFIG, fleet, ModelCatalog.empty(), ReplaySettings.defaults())
                .compare(TRACE, List.of(policies));
    }

    @Test
    void onTheClusterRequestsQueueForItsOneSlotAndTheFleetIsPaidUntilTheLastAnswer() {
        // Request 0: slot at 0 s, first token at 1 s, done at 3 s.
        // Request 1: arrives at 1 s, slot at 3 s (waits 2 s), first token at 4 s (TTFT 3 s), done at 6 s.
        // Request 2: arrives at 2 s, slot at 6 s (waits 4 s), first token at 7 s (TTFT 5 s), done at 9 s.
        // The node runs 9 s: 0.036 $/h x 9 / 3600 h = 0.00009 $. TTFTs 1, 3, 5 s: two miss the 2 s SLA.
        // The router sees one request deferred at its 2 s poll: under maxQueueDepth (10), so it keeps the
        // cluster, like static-cheapest, which always takes the cluster's lower list price.
        ReplayReport report = replay("router", "static-cheapest");
        for (PolicyReport policy : report.policies()) {
            assertEquals(0.00009, policy.spendUsd(), 1e-12, policy.name());
            assertEquals(0.00009, policy.clusterSpendUsd(), 1e-12, policy.name());
            assertEquals(0, policy.providerSpendUsd(), policy.name());
            assertEquals(3, policy.requests(), policy.name());
            assertEquals(3.0, policy.ttftP50Seconds(), 1e-9, policy.name());
            assertEquals(5.0, policy.ttftP95Seconds(), 1e-9, policy.name());
            assertEquals(2.0, policy.queueWaitP50Seconds(), 1e-9, policy.name());
            assertEquals(4.0, policy.queueWaitP95Seconds(), 1e-9, policy.name());
            assertEquals(2, policy.slaMisses(), policy.name());
            assertEquals(0, policy.switches(), policy.name());
            assertEquals(Map.of("c1", 3), policy.requestsByTarget(), policy.name());
        }
    }

    @Test
    void alwaysPremiumPaysTokenPricesAndNoNodes() {
        // Each request: 100 x 2.5e-6 + 20 x 1e-5 = 0.00045 $; three: 0.00135 $. TTFT 0.5 s, no queue.
        PolicyReport premium = replay("always-premium").policies().get(0);
        assertEquals(0.00135, premium.spendUsd(), 1e-12);
        assertEquals(0, premium.clusterSpendUsd());
        assertEquals(0.00135, premium.providerSpendUsd(), 1e-12);
        assertEquals(0.5, premium.ttftP50Seconds(), 1e-9);
        assertEquals(0.5, premium.ttftP95Seconds(), 1e-9);
        assertEquals(0, premium.queueWaitP95Seconds());
        assertEquals(0, premium.slaMisses());
        assertEquals(Map.of("openai", 3), premium.requestsByTarget());
    }

    @Test
    void theOracleSeesTheQueueAndSendsWhatWouldMissTheSlaToTheProvider() {
        // Request 0 takes the idle cluster (TTFT 1 s). Request 1 would get its first token 3 s after arriving
        // on the cluster: over the 2 s SLA, so it goes to gpt-4o (0.5 s). Request 2 arrives at 2 s: the slot
        // frees at 3 s, TTFT 2 s, within the SLA: the cluster. The node then runs until 3 + 3 = 6 s.
        PolicyReport oracle = replay("oracle").policies().get(0);
        assertEquals(Map.of("c1", 2, "openai", 1), oracle.requestsByTarget());
        assertEquals(0.036 * 6 / 3600, oracle.clusterSpendUsd(), 1e-12);
        assertEquals(0.00045, oracle.providerSpendUsd(), 1e-12);
        assertEquals(0, oracle.slaMisses());
        assertEquals(2, oracle.switches());
        assertEquals(1.0, oracle.ttftP50Seconds(), 1e-9);
        assertEquals(2.0, oracle.ttftP95Seconds(), 1e-9);
    }
}
