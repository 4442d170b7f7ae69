package io.llmrouter.replay.fleet;

/**
 * A simulated external provider: every request is answered after {@code ttftSeconds}, then streams at
 * {@code tokensPerSecond}; it has no queue. Its prices are not here: they are the price feed's, as
 * cost-refresh writes them.
 *
 * @param name  the provider's configured name
 * @param model the upstream model requests for {@code auto} are sent to: its {@code defaultModel}
 */
public record ProviderSpec(String name, String model, double ttftSeconds, double tokensPerSecond) {

    public ProviderSpec {
        if (!(ttftSeconds >= 0) || !(tokensPerSecond > 0) || !Double.isFinite(ttftSeconds)
                || !Double.isFinite(tokensPerSecond)) {
            throw new IllegalArgumentException("provider " + name + " needs a time to first token >= 0 and tokens/s > 0, got "
                    + ttftSeconds + " s and " + tokensPerSecond);
        }
    }

    /** Seconds from the request being sent to its last token. */
    public double latencySeconds(int generatedTokens) {
        return ttftSeconds + generatedTokens / tokensPerSecond;
    }
}
