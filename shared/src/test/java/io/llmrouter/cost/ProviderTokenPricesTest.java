package io.llmrouter.cost;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderTokenPricesTest {

    // gpt-4o-mini as LiteLLM's price map gives it: 1.5e-07 in, 6e-07 out, 7.5e-08 cached, $ per token;
    // OpenAI's price page says the same per 1M tokens: $0.15, $0.60, $0.075.

    @Test
    void perTokenPricesBecomePer1k() {
        ProviderTokenPrices prices = ProviderTokenPrices.perToken(1.5e-07, 6e-07, 7.5e-08);

        assertEquals(0.00015, prices.inputPer1k(), 1e-15);
        assertEquals(0.0006, prices.outputPer1k(), 1e-15);
        assertEquals(0.000075, prices.cachedInputPer1k(), 1e-15);
    }

    @Test
    void perMillionPricesBecomePer1k() {
        ProviderTokenPrices prices = ProviderTokenPrices.perMillion(0.15, 0.60, 0.075);

        assertEquals(0.00015, prices.inputPer1k(), 1e-15);
        assertEquals(0.0006, prices.outputPer1k(), 1e-15);
        assertEquals(0.000075, prices.cachedInputPer1k(), 1e-15);
    }

    @Test
    void noCachedPriceStaysUnknown() {
        assertNull(ProviderTokenPrices.perMillion(3.0, 15.0, null).cachedInputPer1k());
    }

    @Test
    void negativeOrNonFinitePricesAreRejectedWithTheirName() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> ProviderTokenPrices.perToken(-1e-7, 6e-7, null));
        assertTrue(negative.getMessage().contains("input price"), negative.getMessage());

        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ProviderTokenPrices.perMillion(0.15, Double.NaN, null));
        assertTrue(nan.getMessage().contains("output price"), nan.getMessage());

        IllegalArgumentException cached = assertThrows(IllegalArgumentException.class,
                () -> ProviderTokenPrices.perMillion(0.15, 0.6, Double.POSITIVE_INFINITY));
        assertTrue(cached.getMessage().contains("cached input price"), cached.getMessage());
    }

    @Test
    void costRecordCarriesThePricesAndTheModel() {
        Instant at = Instant.parse("2026-11-22T10:00:00Z");

        CostRecord record = ProviderTokenPrices.perMillion(0.15, 0.60, 0.075)
                .toCostRecord("openai", "gpt-4o-mini", 128000, CostBasis.PRICE_FEED, "litellm feed", at);

        assertEquals("openai", record.target());
        assertEquals("gpt-4o-mini", record.model());
        assertEquals(0.00015, record.inputPer1k(), 1e-15);
        assertEquals(0.0006, record.costPer1k(), 1e-15);
        assertEquals(0.000075, record.cachedInputPer1k(), 1e-15);
        assertNull(record.tokensPerSecond());
        assertEquals(128000, record.contextWindow());
        assertEquals(CostBasis.PRICE_FEED, record.basis());
    }
}
