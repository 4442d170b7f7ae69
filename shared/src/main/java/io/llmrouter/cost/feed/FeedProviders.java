package io.llmrouter.cost.feed;

import io.llmrouter.config.ProviderType;

import java.util.Locale;
import java.util.Map;

/**
 * Which configured provider type a feed's provider name stands for. Feeds name Gemini differently
 * (LiteLLM {@code gemini}, OpenRouter {@code google}). Every other provider (bedrock, vertex_ai, azure,
 * x-ai, deepseek...) has no direct provider type in the router, so its prices match no provider.
 */
final class FeedProviders {

    private static final Map<String, ProviderType> TYPES = Map.of(
            "openai", ProviderType.OPENAI,
            "anthropic", ProviderType.ANTHROPIC,
            "gemini", ProviderType.GEMINI,
            "google", ProviderType.GEMINI);

    private FeedProviders() {
    }

    /** The provider type, or null when the feed's provider is not one the router calls directly. */
    static ProviderType typeOf(String feedProvider) {
        return feedProvider == null ? null : TYPES.get(feedProvider.toLowerCase(Locale.ROOT));
    }
}
