package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads OpenRouter's {@code GET /api/v1/models}: {@code {"data": [Model]}}.
 *
 * <ul>
 *   <li>Prices: {@code pricing.prompt}, {@code pricing.completion} and {@code pricing.input_cache_read},
 *       USD per token as strings (plain JSON numbers are accepted too). OpenRouter omits zero-valued
 *       keys, so a missing prompt or completion price reads as 0, which {@link PriceGuard} then rejects
 *       as a zero price for a paid model; a missing cache price is null (no cache price).</li>
 *   <li>Per-request, image, web-search, audio and reasoning prices, and {@code input_cache_write}, are
 *       ignored: a cost record holds prompt, completion and cache-read token prices only.</li>
 *   <li>{@code pricing.overrides} (prices above a prompt size, or for UTC time windows) are ignored: the
 *       base price is what an ordinary request pays most of the time, and the router has no way to
 *       act on a time-of-day price.</li>
 *   <li>Variant ids, those with a {@code :suffix} ({@code :free}, {@code :batch}, {@code :nitro},
 *       {@code :online}...), are skipped: they are a different service level of the base model
 *       (rate-limited, asynchronous, web-augmented), not its price.</li>
 *   <li>An id {@code openai/gpt-4o-mini} gives provider {@code openai} and upstream model
 *       {@code gpt-4o-mini}; {@code google/...} counts as Gemini.</li>
 *   <li>Context window: {@code context_length}, else {@code top_provider.context_length}.</li>
 * </ul>
 */
public final class OpenRouterPriceParser implements PriceFeedParser<ModelPrice> {

    private static final String FEED = "OpenRouter models";

    @Override
    public FeedParse<ModelPrice> parse(byte[] body) throws PriceFeedException {
        JsonNode data = FeedJson.requireArray(FeedJson.readRootObject(body, FEED), "data", FEED);
        if (data.isEmpty()) {
            throw new PriceFeedException(FEED + ": \"data\" lists no model");
        }
        List<ModelPrice> prices = new ArrayList<>();
        List<PriceRejection> rejections = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode model = data.get(i);
            String id = model.path("id").textValue();
            if (id == null) {
                rejections.add(new PriceRejection("data[" + i + "]", "model without a string \"id\""));
                continue;
            }
            if (id.contains(":")) {
                continue;
            }
            try {
                prices.add(toPrice(id, model));
            } catch (BadEntry e) {
                rejections.add(new PriceRejection(id, e.getMessage()));
            }
        }
        return new FeedParse<>(prices, rejections);
    }

    private static ModelPrice toPrice(String id, JsonNode model) throws BadEntry {
        JsonNode pricing = model.get("pricing");
        if (pricing == null || !pricing.isObject()) {
            throw new BadEntry("model without a \"pricing\" object");
        }
        BigDecimal prompt = zeroWhenOmitted(FeedJson.decimal(pricing.get("prompt"), "pricing.prompt"));
        BigDecimal completion = zeroWhenOmitted(FeedJson.decimal(pricing.get("completion"), "pricing.completion"));
        BigDecimal cached = FeedJson.decimal(pricing.get("input_cache_read"), "pricing.input_cache_read");
        Integer contextWindow = FeedJson.optionalInt(model.get("context_length"));
        if (contextWindow == null) {
            contextWindow = FeedJson.optionalInt(model.path("top_provider").get("context_length"));
        }
        int slash = id.indexOf('/');
        String provider = slash > 0 ? id.substring(0, slash) : null;
        String upstream = slash > 0 ? id.substring(slash + 1) : id;
        return new ModelPrice(id, upstream, provider, FeedProviders.typeOf(provider),
                prompt.doubleValue(), completion.doubleValue(), cached == null ? null : cached.doubleValue(),
                contextWindow, ModelPrice.CHAT);
    }

    private static BigDecimal zeroWhenOmitted(BigDecimal price) {
        return price == null ? BigDecimal.ZERO : price;
    }
}
