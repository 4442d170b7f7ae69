package io.llmrouter.replay.sim;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.scenario.Scenario;
import io.llmrouter.replay.scenario.ScenarioReader;
import io.llmrouter.replay.trace.TraceRequest;
import io.llmrouter.state.HealthRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the health-poller reads of a simulated cluster under a scenario. */
class SimulatedProbeTest {

    private static final ClusterSpec SPEC = new ClusterSpec("c", List.of("m"), 1, 2, 100, 10, 1.0, 512);
    private static final ClusterConfig CONFIG = new ClusterConfig("c", URI.create("http://c.replay.invalid:8080"),
            null, null, 1.0, null, 10.0, List.of("m"), 512, null);
    private static final Scenario SCENARIO = ScenarioReader.parse("""
            faults:
              - {kind: slowdown, cluster: c, from: 0, to: 10, factor: 4}
              - {kind: cluster-down, cluster: c, from: 20, to: 30}
            """, "s.yaml", new Fleet(List.of(SPEC), List.of()));

    private final SimulatedCluster cluster = new SimulatedCluster(SPEC);
    private final SimClock clock = new SimClock();
    private final SimulatedProbe probe = new SimulatedProbe(Map.of("c", cluster), clock, SCENARIO);

    @Test
    void aSlowedClustersPolledTokensPerSecondDrop() {
        // 100 prompt tokens and 20 generated, four times slower: 4 s of prefill, 8 s of decode.
        cluster.admit(new TraceRequest(0, 0, 100, 20), 0, SCENARIO.slowdown("c", 0));
        clock.set(12);
        HealthRecord record = probe.probe(CONFIG);
        assertTrue(record.up());
        assertEquals(2.5, record.generationTokensPerSecond());
        assertEquals(25.0, record.promptTokensPerSecond());
    }

    @Test
    void aDownClusterRefusesTheProbeUntilItsWindowEnds() {
        clock.set(20);
        HealthRecord down = probe.probe(CONFIG);
        assertFalse(down.up());
        assertEquals("connect refused", down.reason());
        assertEquals(null, down.requestsDeferred(), "no /metrics read");
        clock.set(30);
        assertTrue(probe.probe(CONFIG).up());
    }
}
