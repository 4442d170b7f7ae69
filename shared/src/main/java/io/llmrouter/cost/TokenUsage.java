package io.llmrouter.cost;

/**
 * The token counts an upstream reports for a finished request, in OpenAI's terms.
 *
 * @param promptTokens       {@code usage.prompt_tokens}: every prompt token, cached ones included
 * @param completionTokens   {@code usage.completion_tokens}
 * @param cachedPromptTokens {@code usage.prompt_tokens_details.cached_tokens}: the part of the prompt read from
 *                           the provider's cache; null when the upstream does not report it
 */
public record TokenUsage(int promptTokens, int completionTokens, Integer cachedPromptTokens) {

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0 || (cachedPromptTokens != null && cachedPromptTokens < 0)) {
            throw new IllegalArgumentException("token counts must not be negative: prompt=" + promptTokens
                    + ", completion=" + completionTokens + ", cached=" + cachedPromptTokens);
        }
        if (cachedPromptTokens != null && cachedPromptTokens > promptTokens) {
            throw new IllegalArgumentException("cached prompt tokens (" + cachedPromptTokens
                    + ") cannot exceed prompt tokens (" + promptTokens + ")");
        }
    }
}
