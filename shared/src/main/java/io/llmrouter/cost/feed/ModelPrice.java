package io.llmrouter.cost.feed;

import io.llmrouter.config.ProviderType;

import java.math.BigDecimal;

/**
 * The token prices of one chat model as a price feed lists them, in US dollars per token.
 *
 * @param feedModelId         the model's id in the feed ({@code gemini/gemini-2.0-flash}, {@code openai/gpt-4o-mini})
 * @param upstreamModel       the name the provider's own API knows the model by ({@code gemini-2.0-flash})
 * @param feedProvider        the provider as the feed names it ({@code gemini}, {@code google}, {@code openai});
 *                            null when the feed does not say
 * @param providerType        the configured provider type this price applies to; null for providers the
 *                            router cannot call directly (bedrock, vertex, azure, x-ai...)
 * @param inputPerToken       $ per prompt token (base tier)
 * @param outputPerToken      $ per generated token (base tier)
 * @param cachedInputPerToken $ per cached prompt token; null when the feed gives no cache price
 * @param contextWindow       prompt tokens the model accepts; null when the feed does not say
 * @param mode                how the model is called; always {@link #CHAT} since only chat models are kept
 */
public record ModelPrice(
        String feedModelId,
        String upstreamModel,
        String feedProvider,
        ProviderType providerType,
        double inputPerToken,
        double outputPerToken,
        Double cachedInputPerToken,
        Integer contextWindow,
        String mode) {

    public static final String CHAT = "chat";

    public double inputPer1k() {
        return per1k(inputPerToken);
    }

    public double outputPer1k() {
        return per1k(outputPerToken);
    }

    public Double cachedInputPer1k() {
        return cachedInputPerToken == null ? null : per1k(cachedInputPerToken);
    }

    /**
     * Scales by 1,000 in decimal, so that 1.5e-7 $/token becomes exactly 1.5e-4 $/1K rather than the
     * 1.4999999999999999e-4 a binary multiplication gives.
     */
    private static double per1k(double perToken) {
        if (!Double.isFinite(perToken)) {
            return perToken * 1000;
        }
        return BigDecimal.valueOf(perToken).movePointRight(3).doubleValue();
    }
}
