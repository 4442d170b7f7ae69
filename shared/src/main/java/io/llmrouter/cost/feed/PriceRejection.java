package io.llmrouter.cost.feed;

/**
 * One price entry that was not accepted, and why. cost-refresh logs these and counts them in a metric.
 *
 * @param key    which entry: a feed model id, {@code AWS/us-west-2/t3.large}, a SKU, or a position in the feed
 * @param reason a sentence a person can act on
 */
public record PriceRejection(String key, String reason) {
}
