package io.llmrouter.forward.translate;

/**
 * Token counts of one call in OpenAI's terms, as the provider reported them. A count the provider did
 * not report is null, never zero.
 *
 * @param promptTokens       all input tokens, cached ones and cache writes included (OpenAI's {@code prompt_tokens})
 * @param completionTokens   generated tokens, reasoning included (OpenAI's {@code completion_tokens})
 * @param cachedTokens       the part of {@code promptTokens} read from the provider's prompt cache
 * @param cacheWriteTokens   the part of {@code promptTokens} written to the provider's prompt cache, which
 *                           Anthropic bills above the input price; null when the provider does not report writes
 * @param cacheWrite1hTokens the part of {@code cacheWriteTokens} written with a one-hour lifetime (the rest
 *                           has Anthropic's default five minutes); null when writes are not reported
 */
public record Usage(Integer promptTokens, Integer completionTokens, Integer cachedTokens, Integer cacheWriteTokens,
                    Integer cacheWrite1hTokens) {

    public static final Usage UNKNOWN = new Usage(null, null, null);

    /** Usage of a provider that reports no cache writes. */
    public Usage(Integer promptTokens, Integer completionTokens, Integer cachedTokens) {
        this(promptTokens, completionTokens, cachedTokens, null, null);
    }

    /** Prompt plus completion, or null when either is unknown. */
    public Integer totalTokens() {
        return promptTokens == null || completionTokens == null ? null : promptTokens + completionTokens;
    }

    public boolean isUnknown() {
        return promptTokens == null && completionTokens == null && cachedTokens == null && cacheWriteTokens == null
                && cacheWrite1hTokens == null;
    }
}
