package io.llmrouter.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest {

    private static final String CONFIG = ReplayCommand.withDemoProvider("""
            router:
              routingStrategy: cost
              healthCheckInterval: 2s
            clusters:
              - {name: c1, endpoint: "http://c1.replay.invalid:8080", costPerHour: 0.036, tokensPerSecond: 10, contextWindow: 1000}
            """);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReplayCommand.run(args, CONFIG, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheTableAndWritesReportJsonWithEveryPolicy(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(dir.resolve("t.csv"), """
                TIMESTAMP,ContextTokens,GeneratedTokens
                2023-11-16 00:00:00,100,20
                2023-11-16 00:00:01,100,20
                2023-11-16 00:00:02,2000,20
                """);
        assertEquals(0, run(trace.toString(), "--out", dir.resolve("out").toString()), err.toString());

        JsonNode report = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertEquals("t.csv", report.path("trace").path("file").asText());
        assertEquals(3, report.path("trace").path("requests").asInt());
        assertEquals(2.0, report.path("trace").path("durationSeconds").asDouble());
        assertEquals("openai", report.path("settings").path("premiumProvider").asText());
        assertEquals(2.0, report.path("settings").path("ttftSlaSeconds").asDouble());
        List<String> names = new ArrayList<>();
        for (JsonNode policy : report.path("policies")) {
            names.add(policy.path("name").asText());
            for (String field : List.of("spendUsd", "clusterSpendUsd", "providerSpendUsd", "requests", "ttftP50Seconds",
                    "ttftP95Seconds", "slaMisses", "lost", "failovers", "sentToDownTarget", "sentToDownAfterPollInterval",
                    "switches")) {
                assertTrue(policy.path(field).isNumber(), policy.path("name") + " has no number " + field);
            }
        }
        assertEquals(List.of("router", "always-premium", "round-robin", "static-cheapest", "oracle"), names);
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("always-premium"), table);
        assertTrue(table.contains("report: " + dir.resolve("out/report.json")), table);

        List<String> charts = new ArrayList<>();
        report.path("charts").forEach(chart -> charts.add(chart.asText()));
        assertEquals(List.of("spend-over-time.svg", "traffic-share.svg", "traffic-share-always-premium.svg",
                "traffic-share-round-robin.svg", "traffic-share-static-cheapest.svg", "traffic-share-oracle.svg",
                "queue-depth-c1.svg"), charts);
        for (String chart : charts) {
            assertTrue(Files.readString(dir.resolve("out").resolve(chart)).startsWith("<?xml"), chart);
        }
        assertTrue(table.strip().endsWith("charts: " + String.join(", ", charts)), table);
    }

    @Test
    void aScenarioIsReplayedUnderEveryPolicyAndABadOneExitsWithStatusTwo(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(dir.resolve("t.csv"), """
                TIMESTAMP,ContextTokens,GeneratedTokens
                2023-11-16 00:00:00,100,20
                2023-11-16 00:00:01,100,20
                2023-11-16 00:00:02,100,20
                """);
        Path scenario = Files.writeString(dir.resolve("s.yaml"), """
                faults:
                  - {kind: cluster-down, cluster: c1, from: 0.5, to: 10}
                autoscaling:
                  - {cluster: c1, maxReplicas: 2}
                """);
        assertEquals(0, run(trace.toString(), "--scenario", scenario.toString(), "--out", dir.resolve("out").toString()),
                err.toString());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertEquals("s.yaml", report.path("settings").path("scenario").asText());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("; scenario s.yaml"), out.toString());
        JsonNode cheapest = report.path("policies").get(3);
        assertEquals("static-cheapest", cheapest.path("name").asText());
        assertEquals(2, cheapest.path("sentToDownTarget").asInt());
        assertEquals(2, cheapest.path("failovers").asInt());
        assertEquals(1, cheapest.path("replicasByCluster").path("c1").path("peak").asInt());

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "faults: [{kind: cluster-down, cluster: nowhere, from: 1, to: 2}]\n");
        assertEquals(2, run(trace.toString(), "--scenario", bad.toString()));
        assertTrue(err.toString().contains("scenario bad.yaml, faults[0]: unknown cluster 'nowhere'"), err.toString());
        assertEquals(2, run(trace.toString(), "--scenario", dir.resolve("missing.yaml").toString()));
        assertTrue(err.toString().contains("scenario file not found"), err.toString());
    }

    @Test
    void badArgumentsAndTracesExitWithStatusTwoAndSayWhy(@TempDir Path dir) throws Exception {
        assertEquals(2, run());
        assertTrue(err.toString().contains("replay needs a trace file"), err.toString());

        Path trace = Files.writeString(dir.resolve("t.csv"), "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 00:00:00,x,1\n");
        assertEquals(2, run(trace.toString(), "--policies", "router,fastest"));
        assertTrue(err.toString().contains("unknown policy 'fastest'"), err.toString());

        assertEquals(2, run(trace.toString(), "--out", dir.resolve("out").toString()));
        assertTrue(err.toString().contains("t.csv:2: ContextTokens 'x' is not a whole number"), err.toString());
        assertTrue(Files.notExists(dir.resolve("out")));
    }
}
