package io.llmrouter.forward.translate;

import io.llmrouter.config.ProviderType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProviderTranslatorsTest {

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void everyProviderTypeHasItsPair(ProviderType type) {
        assertEquals(type, ProviderTranslators.standard().forType(type).providerType());
    }

    @Test
    void refusesTwoPairsForOneProvider() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProviderTranslators(new OpenAiToGemini(), new OpenAiToGemini()));
    }

    @Test
    void saysWhichTypeHasNoPair() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProviderTranslators(new OpenAiToOpenAi()).forType(ProviderType.ANTHROPIC));
        assertEquals("no translator for provider type ANTHROPIC", e.getMessage());
    }
}
