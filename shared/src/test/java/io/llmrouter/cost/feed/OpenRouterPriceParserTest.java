package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ProviderType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenRouterPriceParserTest {

    private final OpenRouterPriceParser parser = new OpenRouterPriceParser();

    private Map<String, ModelPrice> parse(byte[] body) throws PriceFeedException {
        FeedParse<ModelPrice> parsed = parser.parse(body);
        assertEquals(List.of(), parsed.rejections());
        return parsed.prices().stream().collect(Collectors.toMap(ModelPrice::feedModelId, Function.identity()));
    }

    @Test
    void keepsBaseModelsInFeedOrderAndSkipsFreeAndBatchVariants() throws PriceFeedException {
        FeedParse<ModelPrice> parsed = parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.OPENROUTER));
        assertEquals(List.of("google/gemini-3.7-flash", "deepseek/deepseek-v4-pro-0813", "x-ai/grok-4.6",
                        "openai/gpt-4o-2024-08-06", "meta-llama/llama-3.1-8b-instruct", "openai/gpt-4o-mini"),
                parsed.prices().stream().map(ModelPrice::feedModelId).toList());
    }

    @Test
    void readsStringPricesPerTokenAndTheProviderPrefix() throws PriceFeedException {
        ModelPrice mini = parse(PriceFeedFixtures.bytes(PriceFeedFixtures.OPENROUTER)).get("openai/gpt-4o-mini");
        assertEquals(new ModelPrice("openai/gpt-4o-mini", "gpt-4o-mini", "openai", ProviderType.OPENAI,
                1.5e-7, 6e-7, 7.5e-8, 128000, "chat"), mini);
    }

    @Test
    void batchVariantsLowerPriceDoesNotReplaceTheBasePrice() throws PriceFeedException {
        Map<String, ModelPrice> prices = parse(PriceFeedFixtures.bytes(PriceFeedFixtures.OPENROUTER));
        assertEquals(1, prices.values().stream().filter(p -> p.upstreamModel().equals("gpt-4o-mini")).count());
        assertEquals(6e-7, prices.get("openai/gpt-4o-mini").outputPerToken());
    }

    @Test
    void overridesDoNotChangeTheBasePrice() throws PriceFeedException {
        Map<String, ModelPrice> prices = parse(PriceFeedFixtures.bytes(PriceFeedFixtures.OPENROUTER));
        ModelPrice grok = prices.get("x-ai/grok-4.6");
        assertEquals(2e-6, grok.inputPerToken());
        assertEquals(6e-6, grok.outputPerToken());
        assertEquals(5e-7, grok.cachedInputPerToken());
        assertNull(grok.providerType());
        ModelPrice deepseek = prices.get("deepseek/deepseek-v4-pro-0813");
        assertEquals(6.6e-7, deepseek.inputPerToken());
        assertEquals(1.98e-6, deepseek.outputPerToken());
    }

    @Test
    void googleModelsCountAsGemini() throws PriceFeedException {
        ModelPrice flash = parse(PriceFeedFixtures.bytes(PriceFeedFixtures.OPENROUTER)).get("google/gemini-3.7-flash");
        assertEquals(ProviderType.GEMINI, flash.providerType());
        assertEquals("gemini-3.7-flash", flash.upstreamModel());
        assertEquals(3.75e-7, flash.inputPerToken());
        assertEquals(3.75e-8, flash.cachedInputPerToken());
        assertEquals(1_048_576, flash.contextWindow());
    }

    @Test
    void acceptsExplicitZeroKeysAndNumbersAndReadsOmittedPricesAsZero() throws PriceFeedException {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.OPENROUTER);
        ObjectNode llama = (ObjectNode) feed.get("data").get(5).get("pricing");
        llama.put("request", "0").put("image", "0").put("prompt", 5e-8);
        ObjectNode mini = (ObjectNode) feed.get("data").get(6).get("pricing");
        mini.remove("prompt");
        mini.remove("input_cache_read");
        Map<String, ModelPrice> prices = parse(PriceFeedFixtures.bytes(feed));
        assertEquals(5e-8, prices.get("meta-llama/llama-3.1-8b-instruct").inputPerToken());
        assertEquals(0.0, prices.get("openai/gpt-4o-mini").inputPerToken());
        assertNull(prices.get("openai/gpt-4o-mini").cachedInputPerToken());
    }

    @Test
    void rejectsAModelWithAWrongTypedPriceOrNoIdAndKeepsTheOthers() throws PriceFeedException {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.OPENROUTER);
        ArrayNode data = (ArrayNode) feed.get("data");
        ((ObjectNode) data.get(4).get("pricing")).put("completion", "ten dollars");
        ((ObjectNode) data.get(5)).remove("id");
        ((ObjectNode) data.get(6)).put("pricing", "free");
        FeedParse<ModelPrice> parsed = parser.parse(PriceFeedFixtures.bytes(feed));
        assertEquals(List.of("openai/gpt-4o-2024-08-06", "data[5]", "openai/gpt-4o-mini"),
                parsed.rejections().stream().map(PriceRejection::key).toList());
        assertTrue(parsed.rejections().get(0).reason().contains("pricing.completion is not a number"));
        assertEquals(3, parsed.prices().size());
    }

    @Test
    void aBodyWithoutADataArrayIsRejectedWhole() {
        assertTrue(assertThrows(PriceFeedException.class, () -> parser.parse("{\"data\":{}}".getBytes()))
                .getMessage().contains("expected an array \"data\""));
        assertTrue(assertThrows(PriceFeedException.class, () -> parser.parse("{\"data\":[]}".getBytes()))
                .getMessage().contains("no model"));
        assertThrows(PriceFeedException.class,
                () -> parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.LITELLM)));
    }
}
