package io.llmrouter.config;

/** Wire formats of price feeds that cost-refresh understands. */
public enum PriceFeedFormat {
    /** LiteLLM's {@code model_prices_and_context_window.json}. */
    LITELLM,
    /** OpenRouter's {@code GET /api/v1/models}. */
    OPENROUTER
}
