package io.llmrouter.cost;

/**
 * What one request is expected to cost on one target, in US dollars.
 *
 * @param promptTokens        prompt tokens counted before sending
 * @param outputTokens        the request's max_tokens, or the configured assumption when it sets none
 * @param outputTokensAssumed whether {@code outputTokens} is the router's assumption rather than the request's max_tokens
 * @param inputCost           prompt tokens x input $/1K
 * @param outputCost          output tokens x output $/1K
 */
public record RequestCostEstimate(int promptTokens, int outputTokens, boolean outputTokensAssumed, double inputCost,
                                  double outputCost) {

    public double totalCost() {
        return inputCost + outputCost;
    }
}
