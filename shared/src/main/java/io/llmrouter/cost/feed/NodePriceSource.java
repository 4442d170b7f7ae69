package io.llmrouter.cost.feed;

/**
 * One cloud's price list API. A source reads every page of an answer and hands the whole of it to the
 * cloud's parser; it neither guards the prices nor remembers them (the caller does both, as for
 * token-price feeds).
 */
public interface NodePriceSource {

    /**
     * The on-demand Linux prices the price list gives for a query. The answer may hold more than the query
     * asked (GCP's catalog prices every region and machine type at once); the caller picks its entry.
     *
     * @throws PriceFeedException when the price list cannot be read: an error status, no answer in time, a
     *                            body that is not the API's format. The message says what went wrong (the
     *                            caller names the price list with {@link #describe}) and never holds a credential.
     */
    FeedParse<NodePrice> fetch(NodePriceQuery query) throws PriceFeedException;

    /**
     * Queries with the same fetch key are answered by one fetch within a refresh. Each query by default;
     * GCP's catalog is listed whole, so it has one key for all.
     */
    default Object fetchKey(NodePriceQuery query) {
        return query;
    }

    /** The price list a fetch reads, for logs and failure reports; never holds a credential. */
    String describe(NodePriceQuery query);
}
