package io.llmrouter.cost;

import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestCostEstimatorTest {

    // gpt-4o-mini at $0.15 / $0.60 per 1M tokens, as $ per 1K.
    private static final CostRecord GPT_4O_MINI = new CostRecord("openai", "gpt-4o-mini",
            0.15 / 1_000, 0.60 / 1_000, null, null, 128000, CostBasis.PRICE_FEED,
            "test", Instant.EPOCH);

    private final RequestCostEstimator estimator = new RequestCostEstimator(256);

    @Test
    void pricesPromptAtInputAndMaxTokensAtOutput() {
        RequestCostEstimate estimate = estimator.estimate(1000, 500, GPT_4O_MINI);

        assertEquals(1000, estimate.promptTokens());
        assertEquals(500, estimate.outputTokens());
        assertFalse(estimate.outputTokensAssumed());
        assertEquals(0.00015, estimate.inputCost(), 1e-12);
        assertEquals(0.0003, estimate.outputCost(), 1e-12);
        assertEquals(0.00045, estimate.totalCost(), 1e-12);
    }

    @Test
    void assumesTheConfiguredOutputWithoutMaxTokens() {
        RequestCostEstimate estimate = estimator.estimate(1000, null, GPT_4O_MINI);

        assertEquals(256, estimate.outputTokens());
        assertTrue(estimate.outputTokensAssumed());
        assertEquals(0.00015 + 256 * 0.0006 / 1000, estimate.totalCost(), 1e-12);
    }

    @Test
    void rejectsNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> estimator.estimate(-1, 10, GPT_4O_MINI));
        assertThrows(IllegalArgumentException.class, () -> estimator.estimate(10, -1, GPT_4O_MINI));
        assertThrows(IllegalArgumentException.class, () -> new RequestCostEstimator(-1));
    }
}
