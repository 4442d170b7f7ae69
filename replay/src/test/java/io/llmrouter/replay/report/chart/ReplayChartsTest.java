package io.llmrouter.replay.report.chart;

import io.llmrouter.replay.sim.PolicyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayChartsTest {

    private static final List<PolicyRun> RUNS = List.of(ChartFixtures.alwaysPremium(), ChartFixtures.router());

    @Test
    void spendForAllTrafficForEachPolicyTheRoutersFirstAndQueuesForEachClusterUnderTheRouter() {
        Map<String, String> files = ReplayCharts.render(RUNS);
        assertEquals(List.of("spend-over-time.svg", "traffic-share.svg", "traffic-share-always-premium.svg",
                "queue-depth-c1.svg", "queue-depth-east-west.svg"), List.copyOf(files.keySet()));
        assertTrue(ParsedSvg.parse(files.get("traffic-share.svg")).texts("chart-title").get(0).startsWith("router: "));
        for (Map.Entry<String, String> file : files.entrySet()) {
            ParsedSvg svg = ParsedSvg.parse(file.getValue());
            List<Element> series = svg.withClass("path", "series");
            assertFalse(series.isEmpty(), file.getKey() + " draws nothing");
            for (Element path : series) {
                assertTrue(svg.texts("legend-label").contains(path.getAttribute("data-series")),
                        file.getKey() + ": " + path.getAttribute("data-series") + " is not in the legend");
            }
        }
        assertEquals(2, ParsedSvg.parse(files.get("spend-over-time.svg")).withClass("path", "series").size());
    }

    @Test
    void withoutTheRouterTheFirstPolicysTrafficIsChartedAndNoQueues() {
        Map<String, String> files = ReplayCharts.render(List.of(ChartFixtures.alwaysPremium()));
        assertEquals(List.of("spend-over-time.svg", "traffic-share.svg"), List.copyOf(files.keySet()));
        assertTrue(ReplayCharts.render(List.of()).isEmpty());
    }

    @Test
    void writesTheFilesItNamesAndTheSameRunsGiveTheSameBytes(@TempDir Path dir) throws Exception {
        List<String> names = ReplayCharts.write(RUNS, dir.resolve("out"));
        Map<String, String> again = ReplayCharts.render(List.of(ChartFixtures.alwaysPremium(), ChartFixtures.router()));
        assertEquals(List.copyOf(again.keySet()), names);
        for (String name : names) {
            assertEquals(again.get(name), Files.readString(dir.resolve("out").resolve(name), StandardCharsets.UTF_8), name);
        }
    }

    @Test
    void fileNamesAreSlugsOfTheNames() {
        assertEquals("east-west", ReplayCharts.slug("East & West"));
        assertEquals("gcp-us-central1", ReplayCharts.slug("gcp-us-central1"));
        assertEquals("unnamed", ReplayCharts.slug("***"));
    }
}
