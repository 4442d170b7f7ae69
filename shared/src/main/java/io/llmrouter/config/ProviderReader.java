package io.llmrouter.config;

import java.util.List;
import java.util.Map;

/**
 * Reads one entry of {@code externalProviders}.
 *
 * <p>{@code enabled} defaults to true: listing a provider means routing to it. A disabled provider may leave
 * its {@code apiKey} variable unset, so one config serves environments with and without that account.
 * {@code defaultModel} defaults to the first of {@code models}.
 */
final class ProviderReader {

    private static final List<String> KEYS =
            List.of("name", "type", "enabled", "apiKey", "baseURL", "baseUrl", "defaultModel", "models");
    private static final List<String> GO_ONLY_KEYS = List.of("rateLimit", "costPerToken", "budgetLimit");
    /** claude and google are the Go router's names. */
    private static final Map<String, ProviderType> TYPES = Map.of(
            "openai", ProviderType.OPENAI,
            "anthropic", ProviderType.ANTHROPIC, "claude", ProviderType.ANTHROPIC,
            "gemini", ProviderType.GEMINI, "google", ProviderType.GEMINI);

    private ProviderReader() {
    }

    /** @return the provider, or null when the entry is not a mapping (reported) */
    static ProviderConfig read(ConfigNode node) {
        if (!node.checkMapping(KEYS, GO_ONLY_KEYS)) {
            return null;
        }
        boolean enabled = node.get("enabled").bool().orElse(true);
        String apiKey = enabled
                ? node.get("apiKey").secret().required("is required when the provider is enabled").get()
                : node.get("apiKey").secretIgnoringUnsetEnv().get();
        List<String> models = node.get("models").texts();
        Field<String> defaultModelField = node.get("defaultModel").text()
                .check(model -> models.isEmpty() || models.contains(model), "must be one of models " + models);
        String defaultModel = defaultModelField.get();
        if (!defaultModelField.isPresent() && !models.isEmpty()) {
            defaultModel = models.getFirst();
        } else if (!defaultModelField.isPresent() && enabled) {
            defaultModelField.reject("is required when models is empty: requests for auto need a model to ask for");
        }
        return new ProviderConfig(
                TargetNames.read(node.get("name")),
                node.get("type").choice(TYPES).required().get(),
                enabled,
                apiKey,
                node.either("baseURL", "baseUrl").httpUri().get(),
                defaultModel,
                models);
    }
}
