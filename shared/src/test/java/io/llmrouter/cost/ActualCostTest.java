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

    // Claude Sonnet 4.5 at $3 / $15 per 1M tokens, as $ per 1K; Anthropic's cache prices are multiples of the input.
    private static final CostRecord CLAUDE = new CostRecord("anthropic", "claude-sonnet-4-5",
            3.0 / 1_000, 15.0 / 1_000, null, null, null, CostBasis.PRICE_FEED, "test", Instant.EPOCH);
    private static final CostRecord CLAUDE_WITH_CACHE_PRICE = new CostRecord("anthropic", "claude-sonnet-4-5",
            3.0 / 1_000, 15.0 / 1_000, 0.25 / 1_000, null, null, CostBasis.PRICE_FEED, "test", Instant.EPOCH);

    @Test
    void chargesAnthropicCacheWritesByTheirLifetime() {
        // 21 uncached, 456 written for five minutes ($3.75/M), 187630 for an hour ($6/M), 393 out
        TokenUsage usage = new TokenUsage(188107, 393, 0, 188086, 187630);
        ActualCost cost = ActualCost.of(usage, CLAUDE, ActualCost.CacheRates.ANTHROPIC);

        assertEquals(456, usage.cacheWrite5mTokens());
        assertEquals(0.000063, cost.inputCost(), 1e-12);
        assertEquals(0.00171 + 1.12578, cost.cacheWriteCost(), 1e-12);
        assertEquals(0.0, cost.cachedInputCost());
        assertEquals(0.005895, cost.outputCost(), 1e-12);
        assertEquals(1.133448, cost.totalCost(), 1e-12);
    }

    @Test
    void chargesAnthropicCacheReadsAtATenthOfTheInputWithoutACachedPrice() {
        TokenUsage usage = new TokenUsage(188107, 393, 188086);
        assertEquals(0.0564258, ActualCost.of(usage, CLAUDE, ActualCost.CacheRates.ANTHROPIC).cachedInputCost(), 1e-12);
        assertEquals(0.0623838, ActualCost.of(usage, CLAUDE, ActualCost.CacheRates.ANTHROPIC).totalCost(), 1e-12);
        // the record's own cached price wins
        assertEquals(188086 * 0.00025 / 1000,
                ActualCost.of(usage, CLAUDE_WITH_CACHE_PRICE, ActualCost.CacheRates.ANTHROPIC).cachedInputCost(), 1e-12);
        // the standard rates charge reads and writes as input
        assertEquals(0.564258, ActualCost.of(usage, CLAUDE).cachedInputCost(), 1e-12);
        assertEquals(188086 * 0.003, ActualCost.of(new TokenUsage(188107, 393, 0, 188086, 187630), CLAUDE)
                .cacheWriteCost() * 1000, 1e-9);
    }

    @Test
    void rejectsImpossibleUsage() {
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(10, 0, 5, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(10, 0, 0, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(10, 0, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(10, -1, null));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(10, 0, 11));
    }
}
