package io.llmrouter.cost;

import io.llmrouter.state.CostRecord;

/**
 * What a finished request cost, in US dollars, from the usage its upstream reported and the target's
 * cost record at the time.
 *
 * <p>Cached prompt tokens are charged at the cached price when the record has one; without a cached
 * price they are charged as ordinary prompt tokens (an upstream that reports a cache hit but prices
 * it the same, like a llama.cpp cluster, costs the same either way).
 *
 * @param usage           the reported token counts
 * @param inputCost       uncached prompt tokens x input $/1K
 * @param cachedInputCost cached prompt tokens x cached input $/1K (or the input price); 0 when none were cached
 * @param outputCost      completion tokens x output $/1K
 */
public record ActualCost(TokenUsage usage, double inputCost, double cachedInputCost, double outputCost) {

    private static final double TOKENS_PER_UNIT = 1000;

    public static ActualCost of(TokenUsage usage, CostRecord cost) {
        int cached = usage.cachedPromptTokens() == null ? 0 : usage.cachedPromptTokens();
        int uncached = usage.promptTokens() - cached;
        double cachedPrice = cost.cachedInputPer1k() != null ? cost.cachedInputPer1k() : cost.inputPer1k();
        return new ActualCost(usage,
                uncached * cost.inputPer1k() / TOKENS_PER_UNIT,
                cached * cachedPrice / TOKENS_PER_UNIT,
                usage.completionTokens() * cost.outputPer1k() / TOKENS_PER_UNIT);
    }

    public double totalCost() {
        return inputCost + cachedInputCost + outputCost;
    }
}
