package io.llmrouter.cost;

import java.time.Instant;

/**
 * A provider model's token prices in $ per 1K tokens, converted from the unit its source uses.
 *
 * <p>Feeds quote prices per token (LiteLLM's {@code input_cost_per_token}, OpenRouter's {@code pricing.prompt})
 * and vendors' pages per million tokens; the router compares everything per 1K.
 *
 * @param inputPer1k       $ per 1K prompt tokens
 * @param outputPer1k      $ per 1K generated tokens
 * @param cachedInputPer1k $ per 1K prompt tokens read from the provider's cache; null when it has no such price
 */
public record ProviderTokenPrices(double inputPer1k, double outputPer1k, Double cachedInputPer1k) {

    private static final double TOKENS_PER_UNIT = 1_000;
    private static final double UNITS_PER_MILLION = 1_000;

    public ProviderTokenPrices {
        requirePrice("input price", inputPer1k);
        requirePrice("output price", outputPer1k);
        if (cachedInputPer1k != null) {
            requirePrice("cached input price", cachedInputPer1k);
        }
    }

    /** Prices given in $ per token. */
    public static ProviderTokenPrices perToken(double input, double output, Double cachedInput) {
        return new ProviderTokenPrices(input * TOKENS_PER_UNIT, output * TOKENS_PER_UNIT,
                cachedInput == null ? null : cachedInput * TOKENS_PER_UNIT);
    }

    /** Prices given in $ per 1M tokens. */
    public static ProviderTokenPrices perMillion(double input, double output, Double cachedInput) {
        return new ProviderTokenPrices(input / UNITS_PER_MILLION, output / UNITS_PER_MILLION,
                cachedInput == null ? null : cachedInput / UNITS_PER_MILLION);
    }

    /** The cost record of {@code model} on provider {@code target} at these prices. */
    public CostRecord toCostRecord(String target, String model, Integer contextWindow, CostBasis basis, String source,
                                   Instant observedAt) {
        return new CostRecord(target, model, inputPer1k, outputPer1k, cachedInputPer1k, null, contextWindow, basis,
                source, observedAt);
    }

    private static void requirePrice(String what, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(what + " must be a finite, non-negative number of dollars, got " + value);
        }
    }
}
