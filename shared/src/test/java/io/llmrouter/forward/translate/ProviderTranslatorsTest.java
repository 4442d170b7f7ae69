package io.llmrouter.forward.translate;

import io.llmrouter.config.ProviderType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderTranslatorsTest {

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void everyProviderTypeHasItsPair(ProviderType type) {
        assertEquals(type, ProviderTranslators.standard().forType(type).providerType());
    }

    @ParameterizedTest
    @EnumSource(ProviderType.class)
    void authHeadersHideTheKeyWhenPrinted(ProviderType type) {
        java.util.Map<String, String> headers = ProviderTranslators.standard().forType(type).authHeaders("sk-12345");
        assertEquals(1, headers.size());
        assertTrue(headers.values().iterator().next().endsWith("sk-12345"), "the header carries the key");
        assertFalse(headers.toString().contains("12345"), headers.toString());
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
