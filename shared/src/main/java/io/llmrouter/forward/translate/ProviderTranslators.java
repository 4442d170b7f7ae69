package io.llmrouter.forward.translate;

import io.llmrouter.config.ProviderType;

import java.util.EnumMap;
import java.util.Map;

/** The translator for each provider wire format: one pair per {@link ProviderType}. */
public final class ProviderTranslators {

    private final Map<ProviderType, ProviderTranslator> byType = new EnumMap<>(ProviderType.class);

    /** The pairs with their production defaults (system clock, random ids). */
    public static ProviderTranslators standard() {
        return new ProviderTranslators(new OpenAiToOpenAi(), new OpenAiToAnthropic(), new OpenAiToGemini());
    }

    public ProviderTranslators(ProviderTranslator... translators) {
        for (ProviderTranslator translator : translators) {
            if (byType.put(translator.providerType(), translator) != null) {
                throw new IllegalArgumentException("two translators for " + translator.providerType());
            }
        }
    }

    /** The translator for a provider type; every type has one in {@link #standard()}. */
    public ProviderTranslator forType(ProviderType type) {
        ProviderTranslator translator = byType.get(type);
        if (translator == null) {
            throw new IllegalArgumentException("no translator for provider type " + type);
        }
        return translator;
    }
}
