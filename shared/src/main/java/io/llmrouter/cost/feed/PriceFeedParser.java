package io.llmrouter.cost.feed;

/**
 * Reads one price feed format. One implementation per format; pick one with
 * {@link ModelPriceParsers#forFormat} or {@link NodePriceParsers#forCloud}.
 *
 * @param <P> {@link ModelPrice} or {@link NodePrice}
 */
public interface PriceFeedParser<P> {

    /**
     * Reads a whole response body.
     *
     * @throws PriceFeedException when the body is empty, not JSON, or not the shape of this feed
     */
    FeedParse<P> parse(byte[] body) throws PriceFeedException;
}
