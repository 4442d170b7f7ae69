package io.llmrouter.spend;

/**
 * What was spent in one bucket: dollars, requests and tokens, all of them sums.
 *
 * @param usd              the requests' cost in US dollars
 * @param requests         routed requests that had a cost
 * @param promptTokens     as the targets reported them (0 for a request whose target did not)
 * @param completionTokens as the targets reported them
 */
public record SpendAmount(double usd, long requests, long promptTokens, long completionTokens) {

    public static final SpendAmount ZERO = new SpendAmount(0, 0, 0, 0);

    public SpendAmount plus(SpendAmount other) {
        return new SpendAmount(usd + other.usd, requests + other.requests, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens);
    }
}
