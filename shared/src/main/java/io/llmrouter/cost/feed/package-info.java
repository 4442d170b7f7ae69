/**
 * Price sources of the cost-refresh function: token-price feeds for external providers and the clouds'
 * hourly node price lists.
 *
 * <p>The flow for a token-price feed ({@link io.llmrouter.config.PriceFeedConfig}):
 * <pre>{@code
 * byte[] body = fetcher.fetch(feed);                                          // PriceFeedFetcher
 * FeedParse<ModelPrice> parsed = ModelPriceParsers.forFormat(feed.format()).parse(body);
 * // either guard the feed prices against the last good feed prices...
 * PriceReview<ModelPrice> review = PriceGuard.forModelPrices(feed.maxJumpFactor()).review(parsed, lastGoodPrices);
 * List<CostRecord> records = ProviderPriceMapper.toCostRecords(provider, review.accepted(), feed.name(), now);
 * // ...or map first and guard the records against the stored ones (the routing snapshot's cost records)
 * List<CostRecord> mapped = ProviderPriceMapper.toCostRecords(provider, parsed.prices(), feed.name(), now);
 * PriceReview<CostRecord> checked = PriceGuard.forCostRecords(feed.maxJumpFactor()).review(mapped, storedRecords);
 * }</pre>
 * A {@link io.llmrouter.cost.feed.PriceFeedException} from fetching or parsing rejects the whole feed;
 * otherwise each {@link io.llmrouter.cost.feed.PriceRejection} rejects one entry. Either way the caller
 * writes only accepted prices, so the last good record of a rejected entry stays in place.
 *
 * <p>Node prices ({@link io.llmrouter.cost.feed.NodePrice}) of clusters without {@code costPerHour}
 * come from each cloud's {@link io.llmrouter.cost.feed.NodePriceSource} ({@link
 * io.llmrouter.cost.feed.NodePriceSources}): {@link io.llmrouter.cost.feed.AwsPriceListSource} through
 * the SDK's pricing client, {@link io.llmrouter.cost.feed.AzureRetailPriceSource} and {@link
 * io.llmrouter.cost.feed.GcpBillingCatalogSource} through {@link io.llmrouter.cost.feed.PriceFeedFetcher}.
 * A source follows {@code NextToken}, {@code NextPageLink} or {@code nextPageToken}, gathers the pages
 * into one document and hands it to the cloud's parser; the caller ({@code ClusterNodePrices}) guards
 * the answer with {@code PriceGuard.forNodePrices} against the node price of the stored cost record.
 *
 * <p>Which entries each parser picks, and why, is written on the parser classes; the bounds on
 * prices are on {@link io.llmrouter.cost.feed.PriceRules}.
 */
package io.llmrouter.cost.feed;
