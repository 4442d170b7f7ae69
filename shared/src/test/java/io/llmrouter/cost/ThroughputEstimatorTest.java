package io.llmrouter.cost;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterAuth;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThroughputEstimatorTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final ClusterConfig CLUSTER = new ClusterConfig("aws-us-west-2", URI.create("http://127.0.0.1:1"),
            "us-west-2", CloudProvider.AWS, 0.0928, "t3.large", null, List.of("llama-3.2-1b-instruct"), null,
            ClusterAuth.none());
    static final ModelCatalog CATALOG = new ModelCatalog(Map.of("llama-3.2-1b-instruct",
            new ModelMetadata("llama-3.2-1b-instruct", null, "Q4_K_M", 4096, Map.of("t3.large", 15.0))));

    private final ThroughputEstimator estimator = new ThroughputEstimator(CATALOG, Duration.ofHours(1));

    static HealthRecord health(Double liveTps, Double tokensTotal, Double secondsTotal) {
        return new HealthRecord("aws-us-west-2", true, "ok", NOW, 5L, liveTps, null, tokensTotal, secondsTotal,
                0, 0, 0, 2, 4096, List.of(), "m1");
    }

    static CostRecord previous(double tps, CostBasis basis, Instant at) {
        return new CostRecord("aws-us-west-2", CostRecord.ANY_MODEL, 0.001, 0.001, null, tps, null, basis, "t", at);
    }

    @Test
    void aLoadedWindowWithoutHistoryIsTakenAsIs() {
        var e = estimator.estimate(CLUSTER, health(20.0, null, null), null, NOW).orElseThrow();
        assertEquals(20.0, e.tokensPerSecond(), 1e-9);
        assertEquals(CostBasis.LIVE_THROUGHPUT, e.basis());
    }

    @Test
    void aLoadedWindowIsSmoothedWithTheRecentEstimate() {
        var prior = previous(10.0, CostBasis.LIVE_THROUGHPUT, NOW.minusSeconds(60));
        var e = estimator.estimate(CLUSTER, health(20.0, null, null), prior, NOW).orElseThrow();
        assertEquals(0.3 * 20 + 0.7 * 10, e.tokensPerSecond(), 1e-9);
        assertEquals(CostBasis.SMOOTHED_THROUGHPUT, e.basis());
        assertEquals(NOW, e.observedAt());
    }

    @Test
    void aWindowAlreadyPricedIsNotBlendedInAgain() {
        // The last refresh wrote its estimate at NOW from this very record; the poller has written nothing since.
        var prior = previous(17.0, CostBasis.SMOOTHED_THROUGHPUT, NOW);
        var e = estimator.estimate(CLUSTER, health(20.0, null, null), prior, NOW.plusSeconds(300)).orElseThrow();

        assertEquals(17.0, e.tokensPerSecond(), 1e-9, "not 0.3 x 20 + 0.7 x 17 a second time");
        assertEquals(CostBasis.SMOOTHED_THROUGHPUT, e.basis());
        assertEquals(NOW, e.observedAt(), "the estimate keeps its own time, so its age limit still runs");
    }

    @Test
    void aStoppedPollersLastGaugeIsNoLiveFigure() {
        // Observed 61 minutes ago and never replaced: the counters it carries are the better guide.
        HealthRecord old = new HealthRecord("aws-us-west-2", true, "ok", NOW.minus(Duration.ofMinutes(61)), 5L, 20.0,
                null, 5000.0, 250.0, 0, 0, 0, 2, 4096, List.of(), "m1");
        var e = estimator.estimate(CLUSTER, old, null, NOW).orElseThrow();

        assertEquals(CostBasis.COUNTER_AVERAGE, e.basis());
        assertEquals(20.0, e.tokensPerSecond(), 1e-9);
    }

    @Test
    void anIdleWindowKeepsTheRecentLoadedEstimateInsteadOfZero() {
        var prior = previous(12.5, CostBasis.SMOOTHED_THROUGHPUT, NOW.minusSeconds(600));
        var e = estimator.estimate(CLUSTER, health(0.0, 5000.0, 100.0), prior, NOW).orElseThrow();
        assertEquals(12.5, e.tokensPerSecond(), 1e-9);
        assertEquals(CostBasis.SMOOTHED_THROUGHPUT, e.basis());
        assertEquals(NOW.minusSeconds(600), e.observedAt(), "the loaded window's time, which its age limit runs from");
    }

    @Test
    void anOldLoadedEstimateGivesWayToTheTokenCounters() {
        var prior = previous(12.5, CostBasis.LIVE_THROUGHPUT, NOW.minus(Duration.ofHours(2)));
        var e = estimator.estimate(CLUSTER, health(0.0, 5000.0, 250.0), prior, NOW).orElseThrow();
        assertEquals(20.0, e.tokensPerSecond(), 1e-9);
        assertEquals(CostBasis.COUNTER_AVERAGE, e.basis());
    }

    @Test
    void anExpectedEstimateIsNeverSmoothedIntoALiveOne() {
        var prior = previous(15.0, CostBasis.EXPECTED_THROUGHPUT, NOW.minusSeconds(60));
        var e = estimator.estimate(CLUSTER, health(40.0, null, null), prior, NOW).orElseThrow();
        assertEquals(40.0, e.tokensPerSecond(), 1e-9);
    }

    @Test
    void withNoMeasurementTheModelsExpectedSpeedForTheInstanceTypeApplies() {
        var e = estimator.estimate(CLUSTER, health(0.0, 0.0, 0.0), null, NOW).orElseThrow();
        assertEquals(15.0, e.tokensPerSecond(), 1e-9);
        assertEquals(CostBasis.EXPECTED_THROUGHPUT, e.basis());
        // Unknown metrics (metrics off) behave the same as zero ones here: no measurement.
        assertEquals(CostBasis.EXPECTED_THROUGHPUT,
                estimator.estimate(CLUSTER, health(null, null, null), null, NOW).orElseThrow().basis());
    }

    @Test
    void withNothingToGoOnThereIsNoEstimate() {
        var unknownInstance = new ClusterConfig("x", URI.create("http://127.0.0.1:1"), "r", CloudProvider.GCP, 0.1,
                "m9.huge", null, List.of("llama-3.2-1b-instruct"), null, ClusterAuth.none());
        assertTrue(estimator.estimate(unknownInstance, null, null, NOW).isEmpty());
    }

    @Test
    void theBundledCatalogHasTheProjectsModels() {
        ModelCatalog bundled = ModelCatalog.fromClasspath();
        assertTrue(bundled.model("tiny-random-llama").isPresent(), bundled.all().keySet().toString());
        assertEquals(15.0, bundled.expectedTokensPerSecond(List.of("llama-3.2-1b-instruct"), "t3.large").orElseThrow());
    }
}
