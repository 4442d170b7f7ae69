package io.llmrouter.replay.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.health.ClusterProbe;
import io.llmrouter.health.HealthProbe;
import io.llmrouter.health.LlamaServerMetrics;
import io.llmrouter.health.PrometheusTextParser;
import io.llmrouter.health.SlotUsage;
import io.llmrouter.replay.scenario.Scenario;
import io.llmrouter.state.HealthRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The health-poller's probe of a simulated cluster: it reads the cluster's {@code /metrics} and
 * {@code /slots} as llama-server would serve them at the simulated time and takes from them, with the
 * poller's own parsers, what the poller's {@code ClusterProbe} takes from a real server. A cluster the
 * scenario has down refuses the connection: the record is the one {@code ClusterProbe} writes then.
 */
public final class SimulatedProbe implements HealthProbe {

    /** The {@code GET /health} round trip the records report. */
    static final Duration PROBE_LATENCY = Duration.ofMillis(5);

    /** What the poller's probe says of a cluster whose port refuses connections. */
    static final String CONNECT_REFUSED = "connect refused";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, SimulatedCluster> clusters;
    private final Clock clock;
    private final Scenario scenario;

    public SimulatedProbe(Map<String, SimulatedCluster> clusters, SimClock clock) {
        this(clusters, clock, Scenario.NONE);
    }

    public SimulatedProbe(Map<String, SimulatedCluster> clusters, SimClock clock, Scenario scenario) {
        this.clusters = Map.copyOf(clusters);
        this.clock = clock;
        this.scenario = scenario;
    }

    @Override
    public HealthRecord probe(ClusterConfig config) {
        SimulatedCluster cluster = clusters.get(config.name());
        if (cluster == null) {
            return HealthRecord.down(config.name(), "not in the simulated fleet", clock.instant(), null);
        }
        double t = Duration.between(SimClock.START, clock.instant()).toNanos() / 1e9;
        if (scenario.down(config.name(), t)) {
            return HealthRecord.down(config.name(), CONNECT_REFUSED, clock.instant(), null);
        }
        LlamaServerMetrics metrics = LlamaServerMetrics.from(PrometheusTextParser.parse(cluster.scrapeMetrics(t)));
        Optional<SlotUsage> slots;
        try {
            slots = SlotUsage.from(JSON.readTree(cluster.slotsJson(t)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the simulated /slots of " + config.name() + " is not JSON", e);
        }
        return ClusterProbe.upRecord(config.name(), "ok", clock.instant(), PROBE_LATENCY.toMillis(), metrics, slots,
                cluster.spec().models(), "replay");
    }
}
