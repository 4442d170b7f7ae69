package io.llmrouter.routing;

/**
 * What the router needs to know about a request to choose a target for it.
 *
 * @param requestedModel  the {@code model} the client asked for: {@code auto}, an alias or a model name
 * @param promptTokens    prompt tokens, counted with {@link io.llmrouter.cost.PromptTokenCounter}
 * @param maxOutputTokens the request's max_tokens; null when it sets none
 * @param complexity      the prompt's complexity; null when not analysed (tiering off, or not a chat)
 */
public record RouteRequest(String requestedModel, int promptTokens, Integer maxOutputTokens,
                           io.llmrouter.routing.complexity.ComplexityAnalysis complexity) {

    public RouteRequest(String requestedModel, int promptTokens, Integer maxOutputTokens) {
        this(requestedModel, promptTokens, maxOutputTokens, null);
    }

    public RouteRequest {
        if (requestedModel == null || requestedModel.isBlank()) {
            throw new IllegalArgumentException("a request must name a model ('auto' lets the router choose)");
        }
        if (promptTokens < 0) {
            throw new IllegalArgumentException("prompt tokens must not be negative, got " + promptTokens);
        }
        if (maxOutputTokens != null && maxOutputTokens <= 0) {
            throw new IllegalArgumentException("max_tokens must be positive when set, got " + maxOutputTokens);
        }
    }

    /**
     * Tokens of context the request needs: its prompt plus its max_tokens. Without max_tokens only the
     * prompt must fit: the upstream then stops generating at the end of its window.
     */
    public long requiredContextTokens() {
        // long: a client may send max_tokens near Integer.MAX_VALUE.
        return maxOutputTokens == null ? promptTokens : (long) promptTokens + maxOutputTokens;
    }
}
