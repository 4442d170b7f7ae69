package io.llmrouter.cost.feed;

import io.llmrouter.config.PriceFeedFormat;

import java.util.EnumMap;
import java.util.Map;

/** The token-price parser for each {@link PriceFeedFormat}. A new format adds one line here. */
public final class ModelPriceParsers {

    private static final Map<PriceFeedFormat, PriceFeedParser<ModelPrice>> PARSERS = new EnumMap<>(Map.of(
            PriceFeedFormat.LITELLM, new LiteLlmPriceParser(),
            PriceFeedFormat.OPENROUTER, new OpenRouterPriceParser()));

    private ModelPriceParsers() {
    }

    public static PriceFeedParser<ModelPrice> forFormat(PriceFeedFormat format) {
        PriceFeedParser<ModelPrice> parser = PARSERS.get(format);
        if (parser == null) {
            throw new IllegalArgumentException("no price feed parser for format " + format);
        }
        return parser;
    }
}
