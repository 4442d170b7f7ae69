package io.llmrouter.cost;

import io.llmrouter.state.CostRecord;

/**
 * What a finished request cost, in US dollars, from the usage its upstream reported and the target's
 * cost record at the time.
 *
 * <p>Cached prompt tokens are charged at the cached price when the record has one. Without a cached
 * price, {@link CacheRates#STANDARD} charges them as ordinary prompt tokens (an upstream that reports a
 * cache hit but prices it the same, like a llama.cpp cluster, costs the same either way), and
 * {@link CacheRates#ANTHROPIC} at Anthropic's 0.1 x the input price. Cache writes, which only Anthropic
 * reports, cost 1.25 x the input price for the five-minute cache and 2 x for the one-hour cache under
 * {@link CacheRates#ANTHROPIC}, and the input price under {@link CacheRates#STANDARD}.
 *
 * @param usage           the reported token counts
 * @param inputCost       uncached prompt tokens (neither read from nor written to the cache) x input $/1K
 * @param cachedInputCost cached prompt tokens x cached input $/1K (or the rate's default); 0 when none were cached
 * @param cacheWriteCost  prompt tokens written to the cache, at the rate's write prices; 0 when none were written
 * @param outputCost      completion tokens x output $/1K
 */
public record ActualCost(TokenUsage usage, double inputCost, double cachedInputCost, double cacheWriteCost,
                         double outputCost) {

    private static final double TOKENS_PER_UNIT = 1000;

    /** How a provider bills its prompt cache, as multiples of the input price. */
    public enum CacheRates {
        /** Reads at the input price without a cached price; writes at the input price. */
        STANDARD(1, 1, 1),
        /**
         * Anthropic's prompt caching prices: reads 0.1 x input (without a cached price in the record),
         * five-minute writes 1.25 x, one-hour writes 2 x.
         */
        ANTHROPIC(0.1, 1.25, 2);

        private final double read;
        private final double write5m;
        private final double write1h;

        CacheRates(double read, double write5m, double write1h) {
            this.read = read;
            this.write5m = write5m;
            this.write1h = write1h;
        }
    }

    public static ActualCost of(TokenUsage usage, CostRecord cost) {
        return of(usage, cost, CacheRates.STANDARD);
    }

    public static ActualCost of(TokenUsage usage, CostRecord cost, CacheRates rates) {
        int cached = usage.cachedPromptTokens() == null ? 0 : usage.cachedPromptTokens();
        int uncached = usage.promptTokens() - cached - usage.cacheWriteTokens();
        double input = cost.inputPer1k();
        double cachedPrice = cost.cachedInputPer1k() != null ? cost.cachedInputPer1k() : rates.read * input;
        double writes = usage.cacheWrite5mTokens() * rates.write5m * input + usage.cacheWrite1hTokens() * rates.write1h * input;
        return new ActualCost(usage,
                uncached * input / TOKENS_PER_UNIT,
                cached * cachedPrice / TOKENS_PER_UNIT,
                writes / TOKENS_PER_UNIT,
                usage.completionTokens() * cost.outputPer1k() / TOKENS_PER_UNIT);
    }

    public double totalCost() {
        return inputCost + cachedInputCost + cacheWriteCost + outputCost;
    }
}
