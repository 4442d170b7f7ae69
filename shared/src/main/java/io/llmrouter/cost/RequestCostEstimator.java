package io.llmrouter.cost;

import io.llmrouter.state.CostRecord;

/**
 * Prices a request before it is sent: prompt tokens at the input price plus the output it may
 * produce at the output price.
 *
 * <p>The output is bounded by the request's max_tokens; without one the router assumes
 * {@code router.assumedOutputTokens}, so that requests without a limit are still compared fairly.
 */
public final class RequestCostEstimator {

    private static final double TOKENS_PER_UNIT = 1000;

    private final int assumedOutputTokens;

    public RequestCostEstimator(int assumedOutputTokens) {
        if (assumedOutputTokens < 0) {
            throw new IllegalArgumentException("assumedOutputTokens must not be negative, got " + assumedOutputTokens);
        }
        this.assumedOutputTokens = assumedOutputTokens;
    }

    /**
     * @param maxOutputTokens the request's max_tokens, or null when it sets none
     */
    public RequestCostEstimate estimate(int promptTokens, Integer maxOutputTokens, CostRecord cost) {
        if (promptTokens < 0 || (maxOutputTokens != null && maxOutputTokens < 0)) {
            throw new IllegalArgumentException("token counts must not be negative: prompt=" + promptTokens
                    + ", maxOutput=" + maxOutputTokens);
        }
        boolean assumed = maxOutputTokens == null;
        int outputTokens = assumed ? assumedOutputTokens : maxOutputTokens;
        return new RequestCostEstimate(promptTokens, outputTokens, assumed,
                promptTokens * cost.inputPer1k() / TOKENS_PER_UNIT,
                outputTokens * cost.outputPer1k() / TOKENS_PER_UNIT);
    }
}
