package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.policy.Policies;
import io.llmrouter.replay.report.PolicyReport;
import io.llmrouter.replay.report.ReplayReport;
import io.llmrouter.replay.scenario.Scenario;
import io.llmrouter.replay.scenario.ScenarioReader;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.QueueSample;
import io.llmrouter.replay.sim.ReplaySettings;
import io.llmrouter.replay.trace.Trace;
import io.llmrouter.replay.trace.TraceReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every policy, on the first ten minutes of the Azure conversation trace and the demo fleet. */
class ReplayPropertiesTest {

    private static final Trace FULL = TraceReader.read(Path.of("traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv"));
    private static final Trace TEN_MINUTES = new Trace(FULL.name(),
            FULL.requests().stream().filter(r -> r.arrivalSeconds() < 600).toList());
    private static final RouterConfig CONFIG = TestConfigs.demoFleet();
    private static final ModelCatalog CATALOG = ModelCatalog.fromClasspath();
    private static final Fleet FLEET = Fleet.of(CONFIG, CATALOG, Fleet.Shape.defaults());

    /** Every kind of fault, and an autoscaler, within the ten minutes. */
    private static final Scenario EVERYTHING = ScenarioReader.parse("""
            faults:
              - {kind: cluster-down, cluster: aws-us-west-2, from: 60, to: 180}
              - {kind: rate-limit, target: openai, from: 200, to: 260}
              - {kind: slowdown, cluster: gcp-us-central1, from: 300, to: 420, factor: 8}
              - {kind: price-change, target: openai, at: 240, inputPer1M: 1.25, outputPer1M: 5.0}
              - {kind: price-change, target: azure-eastus, at: 100, costPerHour: 0.2}
            autoscaling:
              - {cluster: aws-us-west-2, maxReplicas: 3, evaluateEvery: 15, scaleDownStabilization: 60, startupSeconds: 30}
            """, "everything.yaml", FLEET);

    private static PolicyComparison comparison(long seed) {
        return comparison(seed, Scenario.NONE);
    }

    private static PolicyComparison comparison(long seed, Scenario scenario) {
        return new PolicyComparison(CONFIG, FLEET, CATALOG, ReplaySettings.defaults().withSeed(seed), scenario);
    }

    @Test
    void theDemoFleetComesFromTheConfigAndModels() {
        // tiny-random-llama on instance type "local": 1000 tokens/s a slot (models/), the chart's 4,096-token window.
        assertEquals(3, FLEET.clusters().size());
        assertEquals(1000, FLEET.clusters().get(0).decodeTokensPerSecond());
        assertEquals(DemoFleet.CONTEXT_WINDOW, FLEET.clusters().get(0).contextWindow());
        assertEquals(0.0928, FLEET.clusters().get(0).nodePricePerHour());
        assertEquals("gpt-4o", FLEET.providers().get(0).model());
    }

    @Test
    void theSameInputsAndSeedGiveTheSameReport() {
        ReplayReport first = comparison(7).compare(TEN_MINUTES, Policies.names());
        ReplayReport second = comparison(7).compare(TEN_MINUTES, Policies.names());
        assertEquals(first.toJson(), second.toJson());
        ReplayReport otherSeed = comparison(8).compare(TEN_MINUTES, List.of("round-robin"));
        assertNotEquals(first.policies().get(2).requestsByTarget(), otherSeed.policies().get(0).requestsByTarget(),
                "round-robin's shuffle follows the seed");
    }

    @Test
    void theExampleScenarioFitsTheDefaultFleet() {
        Scenario example = ScenarioReader.read(Path.of("scenarios/demo-faults.yaml"), FLEET);
        assertEquals(5, example.faults().size());
        assertEquals(4, example.autoscalingOf("aws-us-west-2").orElseThrow().maxReplicas());
    }

    @Test
    void withAScenarioTheSameInputsAndSeedGiveTheSameReport() {
        ReplayReport first = comparison(7, EVERYTHING).compare(TEN_MINUTES, Policies.names());
        ReplayReport second = comparison(7, EVERYTHING).compare(TEN_MINUTES, Policies.names());
        assertEquals(first.toJson(), second.toJson());
        assertNotEquals(comparison(7).compare(TEN_MINUTES, Policies.names()).toJson(), first.toJson());
    }

    @Test
    void withAScenarioEveryRequestIsAnsweredOnceOrCountedAsLostOrUnrouted() {
        PolicyComparison comparison = comparison(1, EVERYTHING);
        List<PolicyRun> runs = comparison.runs(TEN_MINUTES, Policies.names());
        ReplayReport report = comparison.report(TEN_MINUTES, runs);
        for (int p = 0; p < runs.size(); p++) {
            PolicyRun run = runs.get(p);
            PolicyReport line = report.policies().get(p);
            assertEquals(TEN_MINUTES.size(), run.outcomes().size(), run.policy());
            int answered = 0;
            for (int i = 0; i < run.outcomes().size(); i++) {
                Outcome outcome = run.outcomes().get(i);
                assertEquals(i, outcome.index(), run.policy());
                answered += outcome.answered() ? 1 : 0;
                if (outcome.answered()) {
                    assertTrue(outcome.end() >= outcome.arrival() + outcome.ttft() - 1e-9, run.policy());
                }
            }
            assertEquals(answered, line.requests(), run.policy());
            assertEquals(TEN_MINUTES.size(), line.requests() + line.lost() + line.unrouted(), run.policy());
            assertEquals(line.requests(), line.requestsByTarget().values().stream().mapToInt(Integer::intValue).sum(),
                    run.policy());
            assertTrue(line.sentToDownAfterPollInterval() <= line.sentToDownTarget(), run.policy());
        }
        PolicyReport router = report.policies().get(0);
        PolicyReport cheapest = report.policies().get(3);
        assertEquals("static-cheapest", cheapest.name());
        assertTrue(cheapest.sentToDownAfterPollInterval() > 0, "static-cheapest keeps trying the down cluster");
        assertEquals(0, router.sentToDownAfterPollInterval(), "the router stops within a poll interval");
    }

    @Test
    void everyRequestIsServedOnceUnderEveryPolicy() {
        PolicyComparison comparison = comparison(1);
        List<PolicyRun> runs = comparison.runs(TEN_MINUTES, Policies.names());
        ReplayReport report = comparison.report(TEN_MINUTES, runs);
        for (int p = 0; p < runs.size(); p++) {
            PolicyRun run = runs.get(p);
            List<Outcome> outcomes = run.outcomes();
            assertEquals(TEN_MINUTES.size(), outcomes.size(), run.policy());
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome outcome = outcomes.get(i);
                assertEquals(i, outcome.index(), run.policy());
                assertTrue(outcome.routed(), run.policy() + ": request " + i + " was sent nowhere");
                assertTrue(outcome.end() >= outcome.arrival() + outcome.ttft() - 1e-9, run.policy());
            }
            PolicyReport line = report.policies().get(p);
            assertEquals(TEN_MINUTES.size(), line.requests() + line.unrouted(), run.policy());
            assertEquals(TEN_MINUTES.size(), line.requestsByTarget().values().stream().mapToInt(Integer::intValue).sum(),
                    run.policy());
        }
    }

    @Test
    void promptsLongerThanTheClustersContextGoToTheProviderAndOnlyThey() {
        PolicyRun router = comparison(1).runs(TEN_MINUTES, List.of("router")).get(0);
        int longPrompts = 0;
        int backOnAClusterRightAfter = 0;
        for (Outcome outcome : router.outcomes()) {
            int prompt = TEN_MINUTES.requests().get(outcome.index()).contextTokens();
            if (prompt > DemoFleet.CONTEXT_WINDOW) {
                longPrompts++;
                assertEquals("openai", outcome.target(), "request " + outcome.index() + " of " + prompt + " tokens");
                Outcome next = router.outcomes().get(outcome.index() + 1);
                int nextPrompt = TEN_MINUTES.requests().get(next.index()).contextTokens();
                backOnAClusterRightAfter += nextPrompt <= DemoFleet.CONTEXT_WINDOW && next.cluster() ? 1 : 0;
            }
        }
        assertTrue(longPrompts > 0, "the first ten minutes of the trace have prompts longer than the clusters' window");
        // A long prompt moves only itself: the router's choice for the others stays on the clusters.
        assertEquals(longPrompts, backOnAClusterRightAfter);
    }

    @Test
    void queueSamplesAreInTimeOrderAndBoundedWhateverTheRequestCount() {
        PolicyRun router = comparison(1).runs(TEN_MINUTES, List.of("router")).get(0);
        List<QueueSample> samples = router.queueSamples();
        for (int i = 1; i < samples.size(); i++) {
            assertTrue(samples.get(i).at() >= samples.get(i - 1).at(), "sample " + i);
        }
        // Polls every 2 s over 600 s, and at most about 2,000 arrival samples, for each of the 3 clusters.
        int clusters = FLEET.clusters().size();
        assertTrue(samples.size() <= clusters * (301 + 2001), samples.size() + " samples");
        assertTrue(TEN_MINUTES.size() > 2001, "the bound is below the request count");
        assertTrue(samples.stream().anyMatch(s -> s.seenDeferred() != null), "the poller's records are sampled");
    }
}
