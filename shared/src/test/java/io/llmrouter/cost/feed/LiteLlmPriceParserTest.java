package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ProviderType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiteLlmPriceParserTest {

    private final LiteLlmPriceParser parser = new LiteLlmPriceParser();

    private Map<String, ModelPrice> parseFixture() throws PriceFeedException {
        FeedParse<ModelPrice> parsed = parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.LITELLM));
        assertEquals(List.of(), parsed.rejections());
        return parsed.prices().stream().collect(Collectors.toMap(ModelPrice::feedModelId, Function.identity()));
    }

    @Test
    void keepsExactlyTheChatModels() throws PriceFeedException {
        assertEquals(Set.of("claude-haiku-4-5-20251001", "claude-4-sonnet-20250514", "gemini/gemini-2.0-flash",
                        "gemini/gemini-2.5-flash", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini", "o3-mini"),
                parseFixture().keySet());
    }

    @Test
    void readsBaseTokenPricesCacheAndContextWindow() throws PriceFeedException {
        ModelPrice mini = parseFixture().get("gpt-4o-mini");
        assertEquals(new ModelPrice("gpt-4o-mini", "gpt-4o-mini", "openai", ProviderType.OPENAI,
                1.5e-7, 6e-7, 7.5e-8, 128000, "chat"), mini);
        assertEquals(0.00015, mini.inputPer1k());
        assertEquals(0.0006, mini.outputPer1k());
        assertEquals(0.000075, mini.cachedInputPer1k());
    }

    @Test
    void keepsTheBaseTierOfTieredPricing() throws PriceFeedException {
        ModelPrice sonnet = parseFixture().get("claude-4-sonnet-20250514");
        assertEquals(3e-6, sonnet.inputPerToken());
        assertEquals(1.5e-5, sonnet.outputPerToken());
        assertEquals(3e-7, sonnet.cachedInputPerToken());
        assertEquals(1_000_000, sonnet.contextWindow());
        assertEquals(ProviderType.ANTHROPIC, sonnet.providerType());
    }

    @Test
    void dropsTheProviderPrefixFromGeminiKeys() throws PriceFeedException {
        ModelPrice flash = parseFixture().get("gemini/gemini-2.0-flash");
        assertEquals("gemini-2.0-flash", flash.upstreamModel());
        assertEquals(ProviderType.GEMINI, flash.providerType());
        assertEquals(1e-7, flash.inputPerToken());
        assertEquals(4e-7, flash.outputPerToken());
        assertEquals(2.5e-8, flash.cachedInputPerToken());
        assertEquals(1_048_576, flash.contextWindow());
    }

    @Test
    void ignoresBatchPriorityAndFlexRates() throws PriceFeedException {
        ModelPrice gpt4o = parseFixture().get("gpt-4o");
        assertEquals(2.5e-6, gpt4o.inputPerToken());
        assertEquals(1e-5, gpt4o.outputPerToken());
    }

    @Test
    void rejectsAChatEntryWithAStringPriceAndKeepsTheOthers() throws PriceFeedException {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.LITELLM);
        ((ObjectNode) feed.get("gpt-4o")).put("input_cost_per_token", "cheap");
        FeedParse<ModelPrice> parsed = parser.parse(PriceFeedFixtures.bytes(feed));
        assertEquals(8, parsed.prices().size());
        assertEquals(1, parsed.rejections().size());
        assertEquals("gpt-4o", parsed.rejections().get(0).key());
        assertTrue(parsed.rejections().get(0).reason().contains("input_cost_per_token is not a number"),
                parsed.rejections().get(0).reason());
    }

    @Test
    void rejectsAChatEntryWithAnObjectOrMissingPrice() throws PriceFeedException {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.LITELLM);
        ((ObjectNode) feed.get("gpt-4o")).putObject("output_cost_per_token");
        ((ObjectNode) feed.get("o3-mini")).remove("input_cost_per_token");
        FeedParse<ModelPrice> parsed = parser.parse(PriceFeedFixtures.bytes(feed));
        assertEquals(Set.of("gpt-4o", "o3-mini"),
                parsed.rejections().stream().map(PriceRejection::key).collect(Collectors.toSet()));
        assertEquals(7, parsed.prices().size());
    }

    @Test
    void aContextWindowOfTheWrongTypeIsUnknown() throws PriceFeedException {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.LITELLM);
        ((ObjectNode) feed.get("gpt-4o")).put("max_input_tokens", "lots").put("max_tokens", 1.5);
        ModelPrice gpt4o = parser.parse(PriceFeedFixtures.bytes(feed)).prices().stream()
                .filter(p -> p.feedModelId().equals("gpt-4o")).findFirst().orElseThrow();
        assertNull(gpt4o.contextWindow());
    }

    @Test
    void aFileWithoutChatModelsIsRejectedWhole() {
        PriceFeedException e = assertThrows(PriceFeedException.class,
                () -> parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.OPENROUTER)));
        assertTrue(e.getMessage().contains("no entry with \"mode\": \"chat\""), e.getMessage());
    }

    @Test
    void upstreamNameDropsOnlyTheEntrysOwnProviderPrefix() {
        assertEquals("gemini-2.0-flash", LiteLlmPriceParser.upstreamName("gemini/gemini-2.0-flash", "gemini"));
        assertEquals("gpt-4o", LiteLlmPriceParser.upstreamName("gpt-4o", "openai"));
        assertEquals("azure/gpt-4o", LiteLlmPriceParser.upstreamName("azure/gpt-4o", "openai"));
        assertEquals("ft:gpt-4o", LiteLlmPriceParser.upstreamName("ft:gpt-4o", null));
    }
}
