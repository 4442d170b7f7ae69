package io.llmrouter.cost;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.routing.RouterConfigFixture;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterCostFormulaTest {

    @ParameterizedTest(name = "{0}: {1} $/h at {2} tok/s -> {3} $/1K")
    @CsvSource({
            "AWS t3.large,          0.0928, 15, 0.00172",
            "GCP n1-standard-2,     0.0950, 12, 0.00220",
            "Azure Standard_D2s_v3, 0.0968, 14, 0.00192"})
    void workedExampleWithoutOverhead(String node, double costPerHour, double tokensPerSecond, double expectedPer1k) {
        double per1k = ClusterCostFormula.costPer1k(costPerHour, tokensPerSecond, 1.0).orElseThrow();

        assertEquals(expectedPer1k, per1k, 0.000005, node);
    }

    @Test
    void overheadFactorScalesThePrice() {
        double plain = ClusterCostFormula.costPer1k(0.0928, 15, 1.0).orElseThrow();
        double withOverhead = ClusterCostFormula.costPer1k(0.0928, 15, 1.10).orElseThrow();

        assertEquals(plain * 1.10, withOverhead, 1e-12);
    }

    @Test
    void aFreeNodeCostsNothing() {
        assertEquals(0.0, ClusterCostFormula.costPer1k(0.0, 15, 1.0).orElseThrow());
    }

    @ParameterizedTest(name = "costPerHour={0}, tokensPerSecond={1}, overhead={2}")
    @CsvSource({
            "0.0928, 0,         1.0",
            "0.0928, -3,        1.0",
            "0.0928, NaN,       1.0",
            "0.0928, Infinity,  1.0",
            "0.0928, 4.9E-324,  1.0",
            "NaN,    15,        1.0",
            "-1,     15,        1.0",
            "Infinity, 15,      1.0",
            "0.0928, 15,        0",
            "0.0928, 15,        NaN"})
    void inputsThatCannotGiveAPriceGiveNone(double costPerHour, double tokensPerSecond, double overhead) {
        assertEquals(OptionalDouble.empty(), ClusterCostFormula.costPer1k(costPerHour, tokensPerSecond, overhead));
    }

    @Test
    void costRecordPricesPromptAndOutputAlikeForEveryModel() {
        ClusterConfig cluster = RouterConfigFixture.cluster("aws-t3", CloudProvider.AWS, 0.0928, "t3.large",
                List.of("llama-3.2-1b"), 8192);
        Instant at = Instant.parse("2026-11-22T10:00:00Z");

        CostRecord record = ClusterCostFormula.costRecord(cluster, cluster.costPerHour(), 15, 1.0, CostBasis.LIVE_THROUGHPUT,
                "live 15 tok/s", at)
                .orElseThrow();

        double expected = ClusterCostFormula.costPer1k(0.0928, 15, 1.0).orElseThrow();
        assertEquals("aws-t3", record.target());
        assertEquals(CostRecord.ANY_MODEL, record.model());
        assertEquals(expected, record.inputPer1k());
        assertEquals(expected, record.outputPer1k());
        assertEquals(expected, record.costPer1k());
        assertNull(record.cachedInputPer1k());
        assertEquals(15.0, record.tokensPerSecond());
        assertEquals(8192, record.contextWindow());
        assertEquals(CostBasis.LIVE_THROUGHPUT, record.basis());
        assertEquals(at, record.observedAt());
    }

    @Test
    void noCostRecordForAnIdleCluster() {
        ClusterConfig cluster = RouterConfigFixture.cluster("idle", CloudProvider.GCP, 0.095, null, List.of(), null);

        assertTrue(ClusterCostFormula.costRecord(cluster, cluster.costPerHour(), 0, 1.0, CostBasis.LIVE_THROUGHPUT, "idle",
                Instant.EPOCH)
                .isEmpty());
    }
}
