package io.llmrouter.forward.translate;

/**
 * Token counts of one call in OpenAI's terms, as the provider reported them. A count the provider did
 * not report is null, never zero.
 *
 * @param promptTokens     all input tokens, cached ones included (OpenAI's {@code prompt_tokens})
 * @param completionTokens generated tokens, reasoning included (OpenAI's {@code completion_tokens})
 * @param cachedTokens     the part of {@code promptTokens} read from the provider's prompt cache
 */
public record Usage(Integer promptTokens, Integer completionTokens, Integer cachedTokens) {

    public static final Usage UNKNOWN = new Usage(null, null, null);

    /** Prompt plus completion, or null when either is unknown. */
    public Integer totalTokens() {
        return promptTokens == null || completionTokens == null ? null : promptTokens + completionTokens;
    }

    public boolean isUnknown() {
        return promptTokens == null && completionTokens == null && cachedTokens == null;
    }
}
