package io.llmrouter.config;

import java.net.URI;
import java.util.List;

/**
 * An external LLM provider.
 *
 * @param models       model names it may serve; empty means any model it has a price for
 * @param defaultModel the model used when a request asks for {@code auto} or an alias without a model
 * @param baseUrl      API base URL; the provider's public endpoint when not set
 */
public record ProviderConfig(
        String name,
        ProviderType type,
        boolean enabled,
        String apiKey,
        URI baseUrl,
        String defaultModel,
        List<String> models) {

    public ProviderConfig {
        models = List.copyOf(models);
    }

    @Override
    public String toString() {
        return "ProviderConfig[name=" + name + ", type=" + type + ", enabled=" + enabled + ", apiKey="
                + ClusterAuth.mask(apiKey) + ", baseUrl=" + baseUrl + ", defaultModel=" + defaultModel
                + ", models=" + models + "]";
    }
}
