package io.llmrouter.state;

import java.time.Instant;

/**
 * The price of a token on one target, in US dollars per 1,000 tokens.
 *
 * <p>A cluster has one record for all the models it serves ({@code model} is {@link #ANY_MODEL});
 * a provider has one record per model, since every model has its own price.
 *
 * @param target            the cluster or provider name
 * @param model             the upstream model, or {@link #ANY_MODEL}
 * @param inputPer1k        $ per 1K prompt tokens
 * @param outputPer1k       $ per 1K generated tokens
 * @param cachedInputPer1k  $ per 1K cached prompt tokens; null when the target has no cache price
 * @param tokensPerSecond   for clusters, the throughput the price was computed from; null for providers
 * @param contextWindow     the model's context window in tokens, when the source says
 * @param basis             where the numbers came from
 * @param source            a human-readable origin ("litellm feed", "health record 12:00:05")
 * @param observedAt        when the inputs were observed; writers keep the newest
 * @param nodePricePerHour  for clusters, the node $/h the price was computed from (configured or looked up);
 *                          the next refresh keeps it when the cloud's price list fails. Null for providers.
 */
public record CostRecord(
        String target,
        String model,
        double inputPer1k,
        double outputPer1k,
        Double cachedInputPer1k,
        Double tokensPerSecond,
        Integer contextWindow,
        CostBasis basis,
        String source,
        Instant observedAt,
        Double nodePricePerHour) {

    public static final String ANY_MODEL = "*";

    /** A record that says nothing of a node price: every provider's, and clusters' written before it was kept. */
    public CostRecord(String target, String model, double inputPer1k, double outputPer1k, Double cachedInputPer1k,
                      Double tokensPerSecond, Integer contextWindow, CostBasis basis, String source,
                      Instant observedAt) {
        this(target, model, inputPer1k, outputPer1k, cachedInputPer1k, tokensPerSecond, contextWindow, basis, source,
                observedAt, null);
    }

    /** The single $/1K figure used where one number is wanted (thresholds, reports): the output price. */
    public double costPer1k() {
        return outputPer1k;
    }
}
