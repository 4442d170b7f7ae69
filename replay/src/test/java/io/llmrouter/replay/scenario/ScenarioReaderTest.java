package io.llmrouter.replay.scenario;

import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.fleet.ProviderSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioReaderTest {

    private static final Fleet FLEET = new Fleet(
            List.of(new ClusterSpec("aws", List.of("m"), 1, 4, 100, 10, 0.1, 1024),
                    new ClusterSpec("gcp", List.of("m"), 1, 4, 100, 10, 0.2, 1024)),
            List.of(new ProviderSpec("openai", "gpt-4o", 0.5, 60)));

    private static Scenario parse(String text) {
        return ScenarioReader.parse(text, "s.yaml", FLEET);
    }

    private static String problem(String text) {
        return assertThrows(ScenarioException.class, () -> parse(text)).getMessage();
    }

    @Test
    void readsEveryKindOfFaultAndAnAutoscalerWithTheChartsDefaults() {
        Scenario scenario = parse("""
                faults:
                  - {kind: cluster-down, cluster: aws, from: 600, to: 900}
                  - {kind: price-change, target: openai, at: 1200, inputPer1M: 1.25, outputPer1M: 5.0}
                  - {kind: price-change, target: gcp, at: 1200, costPerHour: 0.40}
                  - {kind: rate-limit, target: openai, from: 1800, to: 1900}
                  - {kind: slowdown, cluster: gcp, from: 2400, to: 3000, factor: 4}
                autoscaling:
                  - {cluster: aws}
                """);
        assertFalse(scenario.down("aws", 599.9));
        assertEquals(Optional.of(600.0), scenario.downSince("aws", 750));
        assertFalse(scenario.down("aws", 900), "a window ends at 'to'");
        assertFalse(scenario.down("gcp", 750));
        assertTrue(scenario.rateLimited("openai", 1800));
        assertFalse(scenario.rateLimited("openai", 1900));
        assertEquals(4, scenario.slowdown("gcp", 2400));
        assertEquals(1, scenario.slowdown("gcp", 3000));
        assertEquals(Optional.empty(), scenario.providerPrices("openai", 1199));
        assertEquals(Optional.of(new Scenario.TokenPrices(1.25, 5.0)), scenario.providerPrices("openai", 1200));
        assertEquals(0.2, scenario.nodePricePerHour("gcp", 1199, 0.2));
        assertEquals(0.40, scenario.nodePricePerHour("gcp", 1200, 0.2));
        assertEquals(List.of(1200.0), scenario.nodePriceChanges());
        assertEquals(Optional.of(new Autoscaling("aws", 1, 4, 1, 15, 300, 60)), scenario.autoscalingOf("aws"));
    }

    @Test
    void readsJsonAndTakesAnEmptyFileForNoScenario() {
        Scenario scenario = parse("{\"faults\": [{\"kind\": \"cluster-down\", \"cluster\": \"gcp\", \"from\": 0, \"to\": 5}]}");
        assertTrue(scenario.down("gcp", 0));
        assertEquals(Scenario.NONE, parse(""));
    }

    @Test
    void laterPriceChangesWinAndAnAutoscaledClustersDesiredReplicasAreClamped() {
        Scenario scenario = parse("""
                faults:
                  - {kind: price-change, target: aws, at: 20, costPerHour: 0.3}
                  - {kind: price-change, target: aws, at: 10, costPerHour: 0.2}
                """);
        assertEquals(0.2, scenario.nodePricePerHour("aws", 15, 0.1));
        assertEquals(0.3, scenario.nodePricePerHour("aws", 25, 0.1));
        Autoscaling rule = new Autoscaling("aws", 1, 4, 2, 15, 300, 60);
        assertEquals(1, rule.desiredReplicas(0));
        assertEquals(2, rule.desiredReplicas(3), "ceil(3 deferred / 2 per replica)");
        assertEquals(4, rule.desiredReplicas(50));
    }

    @Test
    void badScenariosSayWhatAndWhere() {
        assertTrue(problem("faults: [{kind: meteor, cluster: aws, from: 1, to: 2}]")
                .contains("s.yaml, faults[0]: unknown kind 'meteor'"));
        assertTrue(problem("faults: [{kind: cluster-down, cluster: azure, from: 1, to: 2}]")
                .contains("unknown cluster 'azure'; the fleet's clusters are [aws, gcp]"));
        assertTrue(problem("faults: [{kind: rate-limit, target: aws, from: 1, to: 2}]")
                .contains("unknown provider 'aws'"));
        assertTrue(problem("faults: [{kind: price-change, target: mistral, at: 1, inputPer1M: 1, outputPer1M: 1}]")
                .contains("target 'mistral' is neither a cluster nor an enabled provider"));
        assertTrue(problem("faults: [{kind: cluster-down, cluster: aws, from: 10, to: 5}]")
                .contains("'to' (5.0) must be after 'from' (10.0)"));
        assertTrue(problem("faults: [{kind: slowdown, cluster: aws, from: 1, to: 2, factor: -4}]")
                .contains("factor must be a positive number"));
        assertTrue(problem("faults: [{kind: price-change, target: aws, at: 1, inputPer1M: 1}]")
                .contains("unknown key 'inputPer1M'"));
        assertTrue(problem("faults: [{kind: price-change, target: openai, at: 1, inputPer1M: 1}]")
                .contains("needs 'outputPer1M' as a number"));
        assertTrue(problem("faults: [{kind: cluster-down, cluster: aws, from: -1, to: 2}]")
                .contains("'from' must be >= 0"));
        assertTrue(problem("faults: [{kind: cluster-down, cluster: aws, from: 1, to: 2}")
                .contains("s.yaml is not valid YAML"));
        assertTrue(problem("fault: []").contains("unknown key 'fault'"));
        assertTrue(problem("autoscaling: [{cluster: aws, minReplicas: 3, maxReplicas: 2}]")
                .contains("autoscaling[0]: needs 1 <= minReplicas <= maxReplicas, got 3 and 2"));
        assertTrue(problem("autoscaling: [{cluster: aws}, {cluster: aws}]")
                .contains("autoscaling[1]: cluster aws already has an autoscaler"));
    }
}
