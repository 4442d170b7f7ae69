package io.llmrouter.cost;

import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActualCostTest {

    // gpt-4o-mini at $0.15 / $0.60 per 1M tokens (cached prompt $0.075), as $ per 1K.
    private static final CostRecord WITH_CACHE_PRICE = new CostRecord("openai", "gpt-4o-mini",
            0.15 / 1_000, 0.60 / 1_000, 0.075 / 1_000, null, null, CostBasis.PRICE_FEED,
            "test", Instant.EPOCH);
    private static final CostRecord WITHOUT_CACHE_PRICE = new CostRecord("openai", "gpt-4o-mini",
            0.15 / 1_000, 0.60 / 1_000, null, null, null, CostBasis.PRICE_FEED,
            "test", Instant.EPOCH);

    @Test
    void chargesCachedPromptTokensAtTheCachedPrice() {
        ActualCost cost = ActualCost.of(new TokenUsage(2000, 100, 1500), WITH_CACHE_PRICE);

        assertEquals(500 * 0.00015 / 1000, cost.inputCost(), 1e-15);
        assertEquals(1500 * 0.000075 / 1000, cost.cachedInputCost(), 1e-15);
        assertEquals(100 * 0.0006 / 1000, cost.outputCost(), 1e-15);
        assertEquals(cost.inputCost() + cost.cachedInputCost() + cost.outputCost(), cost.totalCost(), 1e-18);
    }

    @Test
    void chargesCachedPromptTokensAsInputWithoutACachedPrice() {
        ActualCost cost = ActualCost.of(new TokenUsage(2000, 100, 1500), WITHOUT_CACHE_PRICE);

        assertEquals(2000 * 0.00015 / 1000, cost.inputCost() + cost.cachedInputCost(), 1e-15);
    }

    @Test
    void unreportedCacheMeansEveryPromptTokenAtTheInputPrice() {
        ActualCost cost = ActualCost.of(new TokenUsage(2000, 100, null), WITH_CACHE_PRICE);

        assertEquals(2000 * 0.00015 / 1000, cost.inputCost(), 1e-15);
        assertEquals(0.0, cost.cachedInputCost());
    }

    @Test
    void rejectsImpossibleUsage() {
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(10, -1, null));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(10, 0, 11));
    }
}
