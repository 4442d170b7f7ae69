package io.llmrouter.cost;

/**
 * The token counts an upstream reports for a finished request, in OpenAI's terms.
 *
 * @param promptTokens       {@code usage.prompt_tokens}: every prompt token, cached ones and cache writes included
 * @param completionTokens   {@code usage.completion_tokens}
 * @param cachedPromptTokens {@code usage.prompt_tokens_details.cached_tokens}: the part of the prompt read from
 *                           the provider's cache; null when the upstream does not report it
 * @param cacheWriteTokens   the part of the prompt written to the provider's cache (Anthropic's
 *                           {@code cache_creation_input_tokens}); 0 when none were or the upstream does not say
 * @param cacheWrite1hTokens the part of {@code cacheWriteTokens} written for one hour (Anthropic's
 *                           {@code cache_creation.ephemeral_1h_input_tokens}); the rest is the five-minute cache
 */
public record TokenUsage(int promptTokens, int completionTokens, Integer cachedPromptTokens, int cacheWriteTokens,
                         int cacheWrite1hTokens) {

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0 || (cachedPromptTokens != null && cachedPromptTokens < 0)
                || cacheWriteTokens < 0 || cacheWrite1hTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: prompt=" + promptTokens
                    + ", completion=" + completionTokens + ", cached=" + cachedPromptTokens
                    + ", cache writes=" + cacheWriteTokens + ", of them 1h=" + cacheWrite1hTokens);
        }
        if (cacheWrite1hTokens > cacheWriteTokens) {
            throw new IllegalArgumentException("one-hour cache writes (" + cacheWrite1hTokens
                    + ") cannot exceed cache writes (" + cacheWriteTokens + ")");
        }
        int cached = cachedPromptTokens == null ? 0 : cachedPromptTokens;
        if (cached + cacheWriteTokens > promptTokens) {
            throw new IllegalArgumentException("cached prompt tokens (" + cachedPromptTokens + ") and cache writes ("
                    + cacheWriteTokens + ") cannot exceed prompt tokens (" + promptTokens + ")");
        }
    }

    /** Counts of an upstream that reports no cache writes. */
    public TokenUsage(int promptTokens, int completionTokens, Integer cachedPromptTokens) {
        this(promptTokens, completionTokens, cachedPromptTokens, 0, 0);
    }

    /** Cache writes with the five-minute lifetime. */
    public int cacheWrite5mTokens() {
        return cacheWriteTokens - cacheWrite1hTokens;
    }
}
