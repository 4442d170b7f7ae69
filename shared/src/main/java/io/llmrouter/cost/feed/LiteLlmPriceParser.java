package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads LiteLLM's {@code model_prices_and_context_window.json}: one JSON object whose keys are model
 * ids and whose values hold the prices.
 *
 * <ul>
 *   <li>Only {@code "mode": "chat"} entries are kept; embedding, image, audio, search and rerank entries
 *       are skipped, and so is {@code sample_spec}, the documentation entry whose values are strings.</li>
 *   <li>Prices: {@code input_cost_per_token}, {@code output_cost_per_token} and
 *       {@code cache_read_input_token_cost}, the base (standard) tier. The {@code _above_200k_tokens}
 *       tier and the {@code _batches}, {@code _priority} and {@code _flex} rates are ignored: routing
 *       compares what an ordinary synchronous request costs.</li>
 *   <li>Context window: {@code max_input_tokens}, else {@code max_tokens} (a legacy key that some entries
 *       use for the output limit, hence second choice); null when neither is a whole number.</li>
 *   <li>Model name: a key that starts with its {@code litellm_provider} and a slash drops that prefix,
 *       so {@code gemini/gemini-2.0-flash} becomes {@code gemini-2.0-flash}, the name the Gemini API
 *       takes; {@code gpt-4o} stays {@code gpt-4o}. Other keys are kept whole.</li>
 * </ul>
 * A chat entry whose prices are missing or not numbers is rejected alone; a body that is not a JSON
 * object, or holds no chat entry at all, rejects the whole feed.
 */
public final class LiteLlmPriceParser implements PriceFeedParser<ModelPrice> {

    private static final String FEED = "LiteLLM price file";
    private static final String SPEC_ENTRY = "sample_spec";

    @Override
    public FeedParse<ModelPrice> parse(byte[] body) throws PriceFeedException {
        JsonNode root = FeedJson.readRootObject(body, FEED);
        List<ModelPrice> prices = new ArrayList<>();
        List<PriceRejection> rejections = new ArrayList<>();
        for (Map.Entry<String, JsonNode> model : root.properties()) {
            JsonNode entry = model.getValue();
            if (SPEC_ENTRY.equals(model.getKey()) || !isChat(entry)) {
                continue;
            }
            try {
                prices.add(toPrice(model.getKey(), entry));
            } catch (BadEntry e) {
                rejections.add(new PriceRejection(model.getKey(), e.getMessage()));
            }
        }
        if (prices.isEmpty() && rejections.isEmpty()) {
            throw new PriceFeedException(FEED + ": no entry with \"mode\": \"chat\"");
        }
        return new FeedParse<>(prices, rejections);
    }

    private static boolean isChat(JsonNode entry) {
        return entry.isObject() && ModelPrice.CHAT.equals(entry.path("mode").textValue());
    }

    private static ModelPrice toPrice(String key, JsonNode entry) throws BadEntry {
        BigDecimal input = FeedJson.decimal(entry.get("input_cost_per_token"), "input_cost_per_token");
        BigDecimal output = FeedJson.decimal(entry.get("output_cost_per_token"), "output_cost_per_token");
        BigDecimal cached = FeedJson.decimal(entry.get("cache_read_input_token_cost"), "cache_read_input_token_cost");
        if (input == null || output == null) {
            throw new BadEntry("chat entry without input_cost_per_token or output_cost_per_token");
        }
        String provider = entry.path("litellm_provider").textValue();
        Integer contextWindow = FeedJson.optionalInt(entry.get("max_input_tokens"));
        if (contextWindow == null) {
            contextWindow = FeedJson.optionalInt(entry.get("max_tokens"));
        }
        return new ModelPrice(key, upstreamName(key, provider), provider, FeedProviders.typeOf(provider),
                input.doubleValue(), output.doubleValue(), cached == null ? null : cached.doubleValue(),
                contextWindow, ModelPrice.CHAT);
    }

    static String upstreamName(String key, String provider) {
        if (provider != null && key.startsWith(provider + "/")) {
            return key.substring(provider.length() + 1);
        }
        return key;
    }
}
