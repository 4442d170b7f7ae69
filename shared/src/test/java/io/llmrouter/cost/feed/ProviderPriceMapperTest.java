package io.llmrouter.cost.feed;

import io.llmrouter.config.PriceFeedFormat;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.ProviderType;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProviderPriceMapperTest {

    private static final Instant READ_AT = Instant.parse("2026-11-22T10:15:00Z");

    private static ProviderConfig provider(String name, ProviderType type, List<String> models) {
        return new ProviderConfig(name, type, true, "sk-test", URI.create("https://api.example.test"), null, models);
    }

    private static List<ModelPrice> feed(PriceFeedFormat format, String fixture) throws PriceFeedException {
        return ModelPriceParsers.forFormat(format).parse(PriceFeedFixtures.bytes(fixture)).prices();
    }

    @Test
    void mapsTheListedModelsOfAProviderToPer1kRecords() throws PriceFeedException {
        List<CostRecord> records = ProviderPriceMapper.toCostRecords(
                provider("openai-main", ProviderType.OPENAI, List.of("gpt-4o-mini", "gpt-4o")),
                feed(PriceFeedFormat.LITELLM, PriceFeedFixtures.LITELLM), "litellm", READ_AT);
        assertEquals(List.of(
                new CostRecord("openai-main", "gpt-4o", 0.0025, 0.01, 0.00125, null, 128000,
                        CostBasis.PRICE_FEED, "litellm", READ_AT),
                new CostRecord("openai-main", "gpt-4o-mini", 0.00015, 0.0006, 0.000075, null, 128000,
                        CostBasis.PRICE_FEED, "litellm", READ_AT)), records);
    }

    @Test
    void aProviderWithoutAModelListGetsEveryChatModelOfItsType() throws PriceFeedException {
        List<CostRecord> records = ProviderPriceMapper.toCostRecords(
                provider("gemini", ProviderType.GEMINI, List.of()),
                feed(PriceFeedFormat.LITELLM, PriceFeedFixtures.LITELLM), "litellm", READ_AT);
        assertEquals(List.of("gemini-2.0-flash", "gemini-2.5-flash"), records.stream().map(CostRecord::model).toList());
        assertEquals(0.0001, records.get(0).inputPer1k());
        assertEquals(0.0004, records.get(0).outputPer1k());
        assertEquals(1_048_576, records.get(0).contextWindow());
    }

    @Test
    void anthropicModelsGoToAnthropicProvidersOnly() throws PriceFeedException {
        List<ModelPrice> prices = feed(PriceFeedFormat.LITELLM, PriceFeedFixtures.LITELLM);
        assertEquals(List.of("claude-haiku-4-5-20251001", "claude-4-sonnet-20250514"),
                ProviderPriceMapper.toCostRecords(provider("claude", ProviderType.ANTHROPIC, List.of()), prices,
                        "litellm", READ_AT).stream().map(CostRecord::model).toList());
    }

    @Test
    void openRouterPricesMatchByTheirUpstreamName() throws PriceFeedException {
        List<CostRecord> records = ProviderPriceMapper.toCostRecords(
                provider("openai", ProviderType.OPENAI, List.of()),
                feed(PriceFeedFormat.OPENROUTER, PriceFeedFixtures.OPENROUTER), "openrouter", READ_AT);
        assertEquals(List.of("gpt-4o-2024-08-06", "gpt-4o-mini"), records.stream().map(CostRecord::model).toList());
        assertEquals(0.0006, records.get(1).outputPer1k());
        assertEquals("openrouter", records.get(1).source());
    }

    @Test
    void pricesOfProvidersWithoutADirectTypeMatchNothing() throws PriceFeedException {
        List<ModelPrice> prices = feed(PriceFeedFormat.OPENROUTER, PriceFeedFixtures.OPENROUTER);
        ModelPrice grok = prices.stream().filter(p -> p.feedModelId().equals("x-ai/grok-4.6")).findFirst().orElseThrow();
        for (ProviderType type : ProviderType.values()) {
            assertEquals(false, ProviderPriceMapper.appliesTo(provider("p", type, List.of()), grok));
        }
    }

    @Test
    void aModelListedTwiceIsMappedOnce() {
        ModelPrice first = new ModelPrice("gpt-4o", "gpt-4o", "openai", ProviderType.OPENAI, 2.5e-6, 1e-5, null, null, "chat");
        ModelPrice second = new ModelPrice("openai/gpt-4o", "gpt-4o", "openai", ProviderType.OPENAI, 5e-6, 2e-5, null, null, "chat");
        List<CostRecord> records = ProviderPriceMapper.toCostRecords(provider("openai", ProviderType.OPENAI, List.of()),
                List.of(first, second), "litellm", READ_AT);
        assertEquals(1, records.size());
        assertEquals(0.0025, records.get(0).inputPer1k());
    }
}
