package io.llmrouter.cost.feed;

import java.util.List;

/**
 * What a parser read from a feed that had the right overall shape: the entries it could read and the
 * entries it had to reject (wrong types, missing prices). Entries the feed lists but that are not
 * wanted (embeddings, Windows nodes, spot prices) are in neither list.
 */
public record FeedParse<P>(List<P> prices, List<PriceRejection> rejections) {

    public FeedParse {
        prices = List.copyOf(prices);
        rejections = List.copyOf(rejections);
    }
}
